namespace AttachFunctions.Core.Desired;

/// <summary>
/// Tags the automation puts on the computes it attaches, so that when a cluster is deleted (and its tags can no
/// longer be read to match the policy) it still knows which computes are its own and what to do with them.
/// </summary>
public static class ComputeTags
{
    public const string ManagedBy = "managed-by";
    public const string ManagedByValue = "attachfunctions";
    public const string Rule = "attachfunctions-rule";
    public const string OnClusterDelete = "attachfunctions-on-cluster-delete";

    public static bool IsOurs(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(ManagedBy, out var value) && string.Equals(value, ManagedByValue, StringComparison.Ordinal);
}
