namespace AttachFunctions.Core.Resources;

/// <summary>
/// An Azure Resource Manager resource id, parsed by the ARM id grammar: <c>/subscriptions/{id}</c>, then optionally
/// <c>/resourceGroups/{name}</c>, then <c>/providers/{namespace}/{type}/{name}</c> with child <c>{type}/{name}</c> pairs and
/// extension resources (<c>/providers/{namespace}/{type}/{name}</c> again). The type of a child is its parent's type
/// plus its own segment, e.g. <c>Microsoft.Storage/storageAccounts/blobServices/containers</c> (Microsoft Learn, "Resource
/// name rules" and "Extension resource types"). The text is kept as given; comparisons are case-insensitive.
/// </summary>
public sealed class ResourceId
{
    private const string SubscriptionType = "Microsoft.Resources/subscriptions";
    private const string ResourceGroupType = "Microsoft.Resources/resourceGroups";

    private readonly string _text;

    private ResourceId(string text, string subscriptionId, string? resourceGroupName, string resourceType, string name, ResourceId? parent)
    {
        _text = text;
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        ResourceType = resourceType;
        Name = name;
        Parent = parent;
    }

    public string SubscriptionId { get; }

    /// <summary>The resource group, or null for a subscription or a subscription-level resource.</summary>
    public string? ResourceGroupName { get; }

    /// <summary>E.g. <c>Microsoft.ContainerService/managedClusters</c>; <c>Microsoft.Resources/subscriptions</c> and <c>.../resourceGroups</c> for those.</summary>
    public string ResourceType { get; }

    public string Name { get; }

    /// <summary>The resource this one is inside (a child's parent, an extension's target, a resource group's subscription).</summary>
    public ResourceId? Parent { get; }

    public override string ToString() => _text;

    /// <summary>Parses <paramref name="text"/>; false for anything that is not a subscription, resource group or resource id.</summary>
    public static bool TryParse(string? text, out ResourceId? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(text) || text[0] != '/')
        {
            return false;
        }

        var trimmed = text.TrimEnd('/');
        var segments = trimmed.Split('/')[1..];
        if (segments.Length < 2 || segments.Any(string.IsNullOrWhiteSpace) || !Is(segments[0], "subscriptions"))
        {
            return false;
        }

        var subscription = segments[1];
        var current = new ResourceId(Path(segments, 2), subscription, null, SubscriptionType, subscription, null);
        var i = 2;
        if (i + 1 < segments.Length && Is(segments[i], "resourceGroups"))
        {
            current = new ResourceId(Path(segments, i + 2), subscription, segments[i + 1], ResourceGroupType, segments[i + 1], current);
            i += 2;
        }
        else if (i < segments.Length && Is(segments[i], "resourceGroups"))
        {
            return false;
        }

        var group = current.ResourceType == ResourceGroupType ? current.Name : null;
        string? type = null;
        while (i < segments.Length)
        {
            if (Is(segments[i], "providers"))
            {
                // A provider namespace, then a type and a name: a top-level resource, or an extension on the current one.
                if (i + 3 >= segments.Length)
                {
                    return false;
                }

                type = $"{segments[i + 1]}/{segments[i + 2]}";
                current = new ResourceId(Path(segments, i + 4), subscription, group, type, segments[i + 3], current);
                i += 4;
            }
            else if (type is not null && i + 1 < segments.Length)
            {
                type = $"{type}/{segments[i]}";
                current = new ResourceId(Path(segments, i + 2), subscription, group, type, segments[i + 1], current);
                i += 2;
            }
            else
            {
                return false;
            }
        }

        id = current;
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws a <see cref="FormatException"/> naming it.</summary>
    public static ResourceId Parse(string text) =>
        TryParse(text, out var id) ? id! : throw new FormatException($"'{text}' is not an Azure resource id.");

    private static bool Is(string segment, string keyword) => string.Equals(segment, keyword, StringComparison.OrdinalIgnoreCase);

    private static string Path(string[] segments, int count) => "/" + string.Join('/', segments.Take(count));
}
