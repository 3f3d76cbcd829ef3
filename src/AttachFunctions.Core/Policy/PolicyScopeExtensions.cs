using AttachFunctions.Core.Resources;

namespace AttachFunctions.Core.Policy;

/// <summary>Scope checks: is a resource inside what the policy lets the automation touch?</summary>
public static class PolicyScopeExtensions
{
    /// <summary>
    /// True when <paramref name="resourceId"/> (any ARM id) is inside the scope: its subscription is listed and, when
    /// resource groups are listed, its resource group is one of them. Comparisons are case-insensitive.
    /// </summary>
    public static bool Contains(this PolicyScope scope, string resourceId, out string reason)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (string.IsNullOrWhiteSpace(resourceId) || !ResourceId.TryParse(resourceId, out var id) || id is null)
        {
            reason = $"'{resourceId}' is not an Azure resource id";
            return false;
        }

        return ScopeMatcher.From(scope).Contains(id, checkResourceGroup: true, out reason);
    }
}

/// <summary>The subscriptions and resource groups of a scope, normalized for case-insensitive comparison.</summary>
internal sealed class ScopeMatcher
{
    private readonly HashSet<string> _subscriptions = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<(string Subscription, string ResourceGroup)> _resourceGroups = [];

    public bool HasResourceGroups => _resourceGroups.Count > 0;

    public IEnumerable<string> ResourceGroupNames => _resourceGroups.Select(rg => rg.ResourceGroup);

    public static ScopeMatcher From(PolicyScope scope)
    {
        var matcher = new ScopeMatcher();
        foreach (var subscription in scope.Subscriptions)
        {
            matcher.AddSubscription(subscription);
        }

        foreach (var rg in scope.ResourceGroups)
        {
            if (ResourceId.TryParse(rg, out var id) && id?.SubscriptionId is { } sub && id.ResourceGroupName is { } name)
            {
                matcher.AddResourceGroup(sub, name);
            }
        }

        return matcher;
    }

    public void AddSubscription(string subscription)
    {
        if (Guid.TryParse(subscription, out var guid))
        {
            _subscriptions.Add(guid.ToString("D"));
        }
    }

    public void AddResourceGroup(string subscription, string resourceGroup)
    {
        if (Guid.TryParse(subscription, out var guid))
        {
            _resourceGroups.Add((guid.ToString("D"), resourceGroup.ToUpperInvariant()));
        }
    }

    public bool ContainsSubscription(string? subscription) =>
        subscription is not null && Guid.TryParse(subscription, out var guid) && _subscriptions.Contains(guid.ToString("D"));

    public bool Contains(ResourceId id, bool checkResourceGroup, out string reason)
    {
        if (id.SubscriptionId is not { } subscription)
        {
            reason = $"'{id}' is not inside a subscription";
            return false;
        }

        if (!ContainsSubscription(subscription))
        {
            reason = $"its subscription {subscription} is not in scope.subscriptions";
            return false;
        }

        if (checkResourceGroup && HasResourceGroups)
        {
            var rg = id.ResourceGroupName;
            if (rg is null)
            {
                reason = "it is not in a resource group, and scope.resourceGroups limits the scope to resource groups";
                return false;
            }

            if (!_resourceGroups.Contains((Guid.Parse(subscription).ToString("D"), rg.ToUpperInvariant())))
            {
                reason = $"its resource group '{rg}' (subscription {subscription}) is not in scope.resourceGroups";
                return false;
            }
        }

        reason = "";
        return true;
    }
}
