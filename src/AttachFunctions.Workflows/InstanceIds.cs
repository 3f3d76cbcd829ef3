using System.Security.Cryptography;
using System.Text;
using AttachFunctions.Core.Clusters;

namespace AttachFunctions.Workflows;

/// <summary>
/// Deterministic orchestration instance ids. The same cluster always maps to the same reconcile id, whatever the casing
/// of the id an event carried, so duplicate and concurrent events collapse into one run. Ids stay short and use only
/// characters that are safe in URLs and in every Durable backend: a readable prefix plus a hash of the normalized key.
/// </summary>
public static class InstanceIds
{
    public const string ReconcilePrefix = "reconcile-";
    public const string PlanPrefix = "plan-";

    /// <summary>The fixed id of the fleet drift-repair orchestration (a singleton).</summary>
    public const string DriftRepair = "drift-repair";

    /// <summary><c>reconcile-{cluster name}-{hash}</c>: one per cluster.</summary>
    public static string ForReconcile(ClusterId cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return ReconcilePrefix + Readable(cluster) + "-" + Hash(cluster.Key);
    }

    /// <summary><c>plan-{cluster name}-{hash}-{nonce}</c>: a dry run never collides with the real run.</summary>
    public static string ForPlan(ClusterId cluster, string nonce)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return PlanPrefix + Readable(cluster) + "-" + Hash(cluster.Key) + "-" + nonce;
    }

    /// <summary>True when <paramref name="instanceId"/> has the shape of an id this app hands out.</summary>
    public static bool IsOurs(string? instanceId) =>
        !string.IsNullOrEmpty(instanceId) && instanceId.Length <= 120 &&
        (instanceId.StartsWith(ReconcilePrefix, StringComparison.Ordinal) || instanceId.StartsWith(PlanPrefix, StringComparison.Ordinal)) &&
        instanceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The id of the sub-orchestration that applies one attachment in one generation of a reconcile run.</summary>
    public static string ForAttachment(string parentInstanceId, int generation, int index) =>
        $"attach-{WithoutPrefix(parentInstanceId)}-g{generation}-a{index}";

    /// <summary>The id of the cleanup sub-orchestration of one generation of a reconcile run.</summary>
    public static string ForCleanup(string parentInstanceId, int generation) =>
        $"cleanup-{WithoutPrefix(parentInstanceId)}-g{generation}";

    private static string WithoutPrefix(string parentInstanceId)
    {
        ArgumentNullException.ThrowIfNull(parentInstanceId);
        return parentInstanceId.StartsWith(ReconcilePrefix, StringComparison.Ordinal) ? parentInstanceId[ReconcilePrefix.Length..] : parentInstanceId;
    }

    private static string Readable(ClusterId cluster)
    {
        var name = new string(cluster.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return name.Length <= 40 ? name : name[..40];
    }

    private static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..20];
}
