using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Policy;

namespace AttachFunctions.Core.Desired;

/// <summary>Decides whether a rule's <see cref="ClusterMatch"/> selects a cluster. Every given criterion must hold.</summary>
public static class ClusterMatcher
{
    public static bool Matches(ClusterMatch match, ClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(cluster);

        if (match.Kind is { } kind && (kind == ClusterKindFilter.Aks) != (cluster.Kind == ClusterKind.Aks))
        {
            return false;
        }

        if (match.ResourceGroups.Count > 0 &&
            !match.ResourceGroups.Contains(cluster.Id.ResourceGroup, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        var tags = new Dictionary<string, string>(cluster.Tags, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in match.Tags)
        {
            if (!tags.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return match.TagsPresent.All(tags.ContainsKey);
    }

    /// <summary>The first rule that matches, or null: rules are evaluated in order and the first match wins.</summary>
    public static PolicyRule? FirstMatch(AttachPolicy policy, ClusterInfo cluster) =>
        policy.Rules.FirstOrDefault(rule => Matches(rule.Match, cluster));
}
