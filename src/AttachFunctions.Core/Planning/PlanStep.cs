using AttachFunctions.Core.Diagnostics;

namespace AttachFunctions.Core.Planning;

/// <summary>One step of a plan: what it acts on, what it will do and why.</summary>
/// <param name="Kind">Which ensure-step.</param>
/// <param name="Target">What the step acts on, e.g. <c>namespace team-a</c> or <c>ws-prod/aks1-a</c>.</param>
/// <param name="Action">What applying it will do.</param>
/// <param name="Reason">Why, in words, e.g. "compute ws1/aks1-a is Failed: detach and attach again".</param>
/// <param name="Diagnosis">Set when <paramref name="Action"/> is <see cref="StepAction.Blocked"/>.</param>
public sealed record PlanStep(StepKind Kind, string Target, StepAction Action, string Reason, Diagnosis? Diagnosis = null)
{
    public bool WritesSomething => Action is StepAction.Create or StepAction.Update or StepAction.Replace or StepAction.Delete;
}
