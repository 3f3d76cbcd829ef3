namespace AttachFunctions.Core.Planning;

/// <summary>What an ensure-step did.</summary>
public enum StepOutcomeKind
{
    Unchanged,
    Created,
    Updated,
    Replaced,
    Deleted,
    Failed,
}
