namespace AttachFunctions.Core.Policy;

/// <summary>
/// The outcome of loading a policy: the policy when the document is valid (null otherwise) and every error found.
/// </summary>
public sealed record PolicyLoadResult(AttachPolicy? Policy, IReadOnlyList<PolicyError> Errors)
{
    public bool IsValid => Policy is not null && Errors.Count == 0;
}
