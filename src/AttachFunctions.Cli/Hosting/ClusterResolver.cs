using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure.Arm;

namespace AttachFunctions.Cli.Hosting;

/// <summary>Turns the <c>--cluster</c> argument into a cluster id the policy may touch, or a precise input error.</summary>
internal static class ClusterResolver
{
    private const string IdExample = "/subscriptions/<subscription-guid>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>";

    /// <summary>Parses and checks scope without calling Azure (what the HTTP API does before scheduling).</summary>
    public static ClusterId ParseInScope(string? value, AttachPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!ClusterId.TryParse(value, out var id, out var error))
        {
            throw new InvalidInputException($"Malformed cluster id: {error}. Fix: pass the full resource id of an AKS or Arc cluster, e.g. {IdExample}.");
        }

        if (!policy.Scope.Contains(id.Id, out var reason))
        {
            throw new InvalidInputException(
                $"Cluster {id.Id} is out of scope: {reason}. Fix: add its subscription (or resource group) to the policy's scope, or pick a cluster inside it.");
        }

        return id;
    }

    /// <summary>
    /// Accepts a full id or a bare cluster name (looked up in the scope's subscriptions) and checks the cluster exists.
    /// </summary>
    public static async Task<ClusterId> ResolveAsync(string? value, AttachPolicy policy, IArmGateway arm, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(arm);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidInputException($"No cluster given. Fix: pass --cluster with a cluster name or id, e.g. {IdExample}.");
        }

        if (!value.StartsWith('/'))
        {
            return await FindByNameAsync(value, policy, arm, ct);
        }

        var id = ParseInScope(value, policy);
        if (await arm.GetClusterAsync(id, ct) is null)
        {
            throw new InvalidInputException(
                $"Unknown cluster: {id.Id} does not exist (or the automation cannot read it). Fix: check the subscription, resource group and name ('attachctl repair --all' lists the clusters in scope).");
        }

        return id;
    }

    private static async Task<ClusterId> FindByNameAsync(string name, AttachPolicy policy, IArmGateway arm, CancellationToken ct)
    {
        var matches = new List<ClusterId>();
        foreach (var subscription in policy.Scope.Subscriptions)
        {
            var clusters = await arm.ListClustersAsync(subscription, ct);
            matches.AddRange(clusters.Where(c => string.Equals(c.Id.Name, name, StringComparison.OrdinalIgnoreCase)).Select(c => c.Id));
        }

        matches = matches.Where(m => policy.Scope.Contains(m.Id, out _)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new InvalidInputException(
                $"Unknown cluster: no cluster named '{name}' exists in the policy's scope ({string.Join(", ", policy.Scope.Subscriptions)}). Fix: check the name, or pass the full resource id ({IdExample})."),
            _ => throw new InvalidInputException(
                $"Ambiguous cluster name '{name}': {string.Join(", ", matches.Select(m => m.Id))}. Fix: pass the full resource id."),
        };
    }
}
