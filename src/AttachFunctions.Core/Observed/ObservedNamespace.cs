using AttachFunctions.Core.Desired;

namespace AttachFunctions.Core.Observed;

/// <summary>
/// A namespace as it exists in a cluster. <paramref name="ProvisioningFailed"/>: an AKS managed namespace whose last
/// operation ended Failed (its resource stays in ARM with <c>provisioningState: Failed</c>); what it says is not in force.
/// </summary>
public sealed record ObservedNamespace(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    bool Terminating,
    bool ProvisioningFailed = false)
{
    /// <summary>True when our managed-by label is on it.</summary>
    public bool IsOurs => ManagedLabels.IsOurs(Labels);

    /// <summary>True when every desired label and annotation is present with its value (extra keys are left alone).</summary>
    public bool Satisfies(DesiredNamespace desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return Contains(Labels, desired.Labels) && Contains(Annotations, desired.Annotations);
    }

    private static bool Contains(IReadOnlyDictionary<string, string> actual, IReadOnlyDictionary<string, string> wanted) =>
        wanted.All(w => actual.TryGetValue(w.Key, out var value) && string.Equals(value, w.Value, StringComparison.Ordinal));
}
