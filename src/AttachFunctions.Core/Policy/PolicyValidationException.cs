namespace AttachFunctions.Core.Policy;

/// <summary>A policy document is not valid; <see cref="Errors"/> lists every problem and the message repeats them.</summary>
public sealed class PolicyValidationException : Exception
{
    public PolicyValidationException(IReadOnlyList<PolicyError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public PolicyValidationException()
        : this([])
    {
    }

    public PolicyValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public PolicyValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<PolicyError> Errors { get; }

    private static string Describe(IReadOnlyList<PolicyError> errors) =>
        errors.Count == 0
            ? "The attach policy is not valid."
            : $"The attach policy is not valid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):"
              + string.Concat(errors.Select(e => Environment.NewLine + "  - " + e));
}
