using System.Diagnostics.CodeAnalysis;
using AttachFunctions.Core.Resources;

namespace AttachFunctions.Core.Clusters;

/// <summary>
/// A normalized cluster resource id. Azure returns ids with varying casing (<c>resourcegroups</c> vs
/// <c>resourceGroups</c>, provider namespaces in any case), so ids are rebuilt from their parsed parts in canonical
/// casing and compared case-insensitively. Extension ids
/// (<c>{cluster}/providers/Microsoft.KubernetesConfiguration/extensions/{name}</c>) map to their cluster.
/// <para>
/// Ids are ASCII only. AKS and Arc cluster names allow ASCII letters, digits, '-', '_' (and '.' for Arc) — Microsoft
/// Learn, "Naming rules and restrictions for Azure resources" (Microsoft.ContainerService managedClusters,
/// Microsoft.Kubernetes connectedClusters) — and the ARM path segments around them are ASCII keywords and a GUID.
/// Refusing anything else lets <see cref="Key"/>, equality and hashing share one rule (ASCII case folding): with
/// Unicode, invariant lowercasing and ordinal-ignore-case disagree (Kelvin sign K, dotless i, Turkish İ), so two ids
/// could share a run, or one id get two. Resource group names may hold Unicode letters in ARM; a cluster in such a
/// group is refused with a clear error rather than keyed ambiguously.
/// </para>
/// </summary>
public sealed partial class ClusterId : IEquatable<ClusterId>
{
    public const string AksResourceType = "Microsoft.ContainerService/managedClusters";
    public const string ArcResourceType = "Microsoft.Kubernetes/connectedClusters";
    public const string ExtensionResourceType = "Microsoft.KubernetesConfiguration/extensions";

    private ClusterId(ClusterKind kind, string subscriptionId, string resourceGroup, string name)
    {
        Kind = kind;
        SubscriptionId = subscriptionId;
        ResourceGroup = resourceGroup;
        Name = name;
        var type = kind == ClusterKind.Aks ? AksResourceType : ArcResourceType;
        Id = $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/{type}/{name}";
        Key = AsciiLower(Id);
    }

    public ClusterKind Kind { get; }

    /// <summary>The subscription id, lowercase GUID form.</summary>
    public string SubscriptionId { get; }

    public string ResourceGroup { get; }

    public string Name { get; }

    /// <summary>The canonical id: <c>/subscriptions/{s}/resourceGroups/{rg}/providers/{type}/{name}</c>.</summary>
    public string Id { get; }

    /// <summary>The ARM resource type of the cluster.</summary>
    public string ResourceType => Kind == ClusterKind.Aks ? AksResourceType : ArcResourceType;

    /// <summary>
    /// The key for dictionaries, equality and deterministic instance ids: the canonical id with ASCII letters
    /// lowercased (the id is ASCII by construction, so this is the one case rule).
    /// </summary>
    public string Key { get; }

    /// <summary>Parses a cluster id or an extension id under a cluster; throws <see cref="FormatException"/> with the reason.</summary>
    public static ClusterId Parse(string? value) =>
        TryParse(value, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Parses a cluster id or an extension id under a cluster.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ClusterId? clusterId, out string error)
    {
        clusterId = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "the cluster id is empty";
            return false;
        }

        if (value.Length > 2048)
        {
            error = $"the id is {value.Length} characters long; ARM ids are far shorter";
            return false;
        }

        if (FirstNonAscii(value) is { } at)
        {
            error = $"the id contains the non-ASCII character '{value[at]}' (U+{(int)value[at]:X4}) at position {at}; AKS and Arc cluster ids are ASCII only (look-alike letters such as the Kelvin sign or a dotless i are refused)";
            return false;
        }

        if (value.Trim() != value || !value.StartsWith('/'))
        {
            error = $"'{Shorten(value)}' is not an Azure resource id (it must start with '/subscriptions/' and have no surrounding spaces)";
            return false;
        }

        var segments = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase) && !Guid.TryParse(segments[1], out _))
        {
            error = $"the subscription '{Shorten(segments[1])}' in '{Shorten(value)}' is not a GUID";
            return false;
        }

        if (!ResourceId.TryParse(value, out var rid) || rid is null)
        {
            error = $"'{Shorten(value)}' is not a valid Azure resource id";
            return false;
        }

        if (string.Equals(rid.ResourceType, ExtensionResourceType, StringComparison.OrdinalIgnoreCase))
        {
            if (rid.Parent is null)
            {
                error = $"the extension id '{Shorten(value)}' has no cluster above it";
                return false;
            }

            rid = rid.Parent;
        }

        var type = rid.ResourceType;
        ClusterKind kind;
        if (string.Equals(type, AksResourceType, StringComparison.OrdinalIgnoreCase))
        {
            kind = ClusterKind.Aks;
        }
        else if (string.Equals(type, ArcResourceType, StringComparison.OrdinalIgnoreCase))
        {
            kind = ClusterKind.Arc;
        }
        else
        {
            error = $"'{Shorten(value)}' is a {type} id; expected an AKS cluster ({AksResourceType}), an Arc cluster ({ArcResourceType}) or an extension on one";
            return false;
        }

        if (rid.Parent is null || !string.Equals(rid.Parent.ResourceType, "Microsoft.Resources/resourceGroups", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{Shorten(value)}' is not a top-level cluster in a resource group";
            return false;
        }

        if (!Guid.TryParse(rid.SubscriptionId, out var subscription))
        {
            error = $"the subscription '{rid.SubscriptionId}' in '{Shorten(value)}' is not a GUID";
            return false;
        }

        if (!ResourceGroupName().IsMatch(rid.ResourceGroupName ?? "") || rid.ResourceGroupName!.EndsWith('.'))
        {
            error = $"the resource group name '{Shorten(rid.ResourceGroupName ?? "")}' in '{Shorten(value)}' is not valid (1–90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.')";
            return false;
        }

        if (!ClusterName().IsMatch(rid.Name))
        {
            error = $"the cluster name '{Shorten(rid.Name)}' in '{Shorten(value)}' is not valid (1–63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";
            return false;
        }

        clusterId = new ClusterId(kind, subscription.ToString("D"), rid.ResourceGroupName!, rid.Name);
        error = "";
        return true;
    }

    public bool Equals(ClusterId? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ClusterId other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    public override string ToString() => Id;

    public static bool operator ==(ClusterId? left, ClusterId? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(ClusterId? left, ClusterId? right) => !(left == right);

    // AKS names allow letters, digits, '-' and '_'; Arc names also '.'; both start and end with a letter or digit.
    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9]([-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ClusterName();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[-\w._()]{1,90}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ResourceGroupName();

    private static int? FirstNonAscii(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (!char.IsAscii(value[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static string AsciiLower(string value) =>
        string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
            }
        });

    private static string Shorten(string value) => value.Length <= 200 ? value : value[..200] + "...";
}
