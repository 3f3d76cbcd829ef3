namespace AttachFunctions.Core.Policy;

/// <summary>
/// The outcome of loading a policy: the policy when the document is valid (null otherwise), every error found, and
/// the warnings of a valid policy (accepted, but a host logs them at every load, e.g. a rule that opted in to
/// selecting clusters by tags alone).
/// </summary>
public sealed record PolicyLoadResult(AttachPolicy? Policy, IReadOnlyList<PolicyError> Errors)
{
    public bool IsValid => Policy is not null && Errors.Count == 0;

    /// <summary>Conditions the policy accepts on purpose but that a reader must know about; empty when none.</summary>
    public IReadOnlyList<PolicyError> Warnings { get; init; } = [];
}
