using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Planning;

namespace AttachFunctions.Core.Decisions;

/// <summary>
/// What one step must do, decided from the desired state and what exists: the plan shows it, the ensure-step acts on
/// it. A blocked decision carries its diagnosis and says whether the condition heals with time
/// (<see cref="RetryAs"/> set: the ensure-step throws a retryable <see cref="DiagnosedException"/> so the durable retry
/// runs it again) or not (a Failed outcome, never retried).
/// </summary>
public sealed record StepDecision(StepAction Action, string Reason, Diagnosis? Diagnosis = null, ErrorClass? RetryAs = null)
{
    /// <summary>True when the step is blocked by a condition that clears by itself (a namespace terminating, a compute provisioning).</summary>
    public bool HealsWithTime => RetryAs is not null;

    public static StepDecision None(string reason) => new(StepAction.None, reason);

    public static StepDecision Create(string reason) => new(StepAction.Create, reason);

    public static StepDecision Update(string reason) => new(StepAction.Update, reason);

    public static StepDecision Replace(string reason) => new(StepAction.Replace, reason);

    /// <summary>Blocked until someone changes the policy or the resource: the step ends Failed with the diagnosis.</summary>
    public static StepDecision Blocked(Diagnosis diagnosis, string reason) => new(StepAction.Blocked, reason, diagnosis);

    /// <summary>Blocked for now by a condition that heals with time: the step is retried.</summary>
    public static StepDecision Waiting(Diagnosis diagnosis, string reason, ErrorClass retryAs = ErrorClass.RetryableSlow) =>
        new(StepAction.Blocked, reason, diagnosis, retryAs);

    /// <summary>The decision as a plan step.</summary>
    public PlanStep ToPlanStep(StepKind kind, string target) => new(kind, target, Action, Reason, Diagnosis);

    /// <summary>The exception a blocked, healing decision is thrown as, so the caller's retry layer runs the step again.</summary>
    public DiagnosedException ToRetryableException() =>
        Diagnosis is not null && RetryAs is { } retry
            ? new DiagnosedException(Diagnosis, retry)
            : throw new InvalidOperationException($"Only a blocked decision that heals with time is retried; this one is {Action}.");
}
