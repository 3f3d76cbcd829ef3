using AttachFunctions.Core.Diagnostics;

namespace AttachFunctions.Core.Planning;

/// <summary>
/// The plan for one cluster: per attachment, the ordered steps with reasons. A plan is also the dry-run output.
/// <see cref="Blockers"/> hold cluster-wide reasons nothing can proceed (out of scope, extension missing, ...).
/// </summary>
public sealed record ClusterPlan(
    string ClusterId,
    string? RuleName,
    IReadOnlyList<AttachmentPlan> Attachments,
    IReadOnlyList<PlanStep> Cleanup,
    IReadOnlyList<Diagnosis> Blockers)
{
    public bool IsConverged => Blockers.Count == 0 && Attachments.All(a => a.IsConverged) && Cleanup.All(s => s.Action == StepAction.None);

    public int WriteCount => Attachments.Sum(a => a.Steps.Count(s => s.WritesSomething)) + Cleanup.Count(s => s.WritesSomething);
}
