using AttachFunctions.Core.Diagnostics;

namespace AttachFunctions.Core.Planning;

/// <summary>The result of one ensure-step: what it did to which target, and the diagnosis when it failed.</summary>
public sealed record StepOutcome(StepKind Kind, string Target, StepOutcomeKind Outcome, string Detail, Diagnosis? Diagnosis = null)
{
    public bool Wrote => Outcome is StepOutcomeKind.Created or StepOutcomeKind.Updated or StepOutcomeKind.Replaced or StepOutcomeKind.Deleted;

    public static StepOutcome Unchanged(StepKind kind, string target, string detail) => new(kind, target, StepOutcomeKind.Unchanged, detail);

    public static StepOutcome Failed(StepKind kind, string target, Diagnosis diagnosis) => new(kind, target, StepOutcomeKind.Failed, diagnosis.Message, diagnosis);
}
