using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;

namespace AttachFunctions.Core.Reconciliation;

/// <summary>What a reconcile of one cluster found and did: the plan, then per attachment the outcome of every step.</summary>
public sealed record ReconcileReport(
    string ClusterId,
    bool DryRun,
    ClusterPlan Plan,
    IReadOnlyList<AttachmentReport> Attachments,
    IReadOnlyList<StepOutcome> Cleanup,
    IReadOnlyList<Diagnosis> Blockers)
{
    /// <summary>True when nothing failed and nothing blocks the cluster.</summary>
    public bool Converged => Blockers.Count == 0 &&
        Attachments.All(a => a.Steps.All(s => s.Outcome != StepOutcomeKind.Failed)) &&
        Cleanup.All(s => s.Outcome != StepOutcomeKind.Failed) &&
        (!DryRun || Plan.IsConverged);

    public int Writes => Attachments.Sum(a => a.Steps.Count(s => s.Wrote)) + Cleanup.Count(s => s.Wrote);

    public IEnumerable<Diagnosis> Diagnoses =>
        Blockers.Concat(Attachments.SelectMany(a => a.Steps).Concat(Cleanup).Select(s => s.Diagnosis).OfType<Diagnosis>());
}

/// <summary>The outcomes of one attachment's steps, in order.</summary>
public sealed record AttachmentReport(string Key, IReadOnlyList<StepOutcome> Steps);
