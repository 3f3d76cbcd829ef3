using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;

namespace AttachFunctions.Workflows.Model;

/// <summary>The outcome of one reconcile run: the plan it started from and what each step did.</summary>
public sealed record ReconcileRunReport(
    string ClusterId,
    bool DryRun,
    int Generation,
    string Result,
    ClusterPlan? Plan,
    IReadOnlyList<AttachmentRunReport> Attachments,
    IReadOnlyList<StepOutcome> Cleanup,
    IReadOnlyList<Diagnosis> Blockers)
{
    /// <summary>
    /// The plan needed writes it could make when the run started (a blocked cluster, whose plan lists steps that cannot
    /// run, has not drifted: it is counted as blocked).
    /// </summary>
    public bool Drifted => Plan is not null && Plan.Blockers.Count == 0 &&
        (Plan.Attachments.Any(a => !a.IsBlocked && a.Steps.Any(s => s.WritesSomething)) || Plan.Cleanup.Any(s => s.WritesSomething));

    /// <summary>Nothing failed and nothing blocks.</summary>
    public bool Converged => Blockers.Count == 0 &&
        Attachments.All(a => a.Steps.All(s => s.Outcome != StepOutcomeKind.Failed)) &&
        Cleanup.All(s => s.Outcome != StepOutcomeKind.Failed);

    public int Writes => Attachments.Sum(a => a.Steps.Count(s => s.Wrote)) + Cleanup.Count(s => s.Wrote);

    /// <summary>Every diagnosis of the run: the blockers, then each failed step's.</summary>
    public IEnumerable<Diagnosis> Diagnoses() =>
        Blockers.Concat(Attachments.SelectMany(a => a.Steps).Concat(Cleanup).Select(s => s.Diagnosis).OfType<Diagnosis>());
}

/// <summary>The outcomes of one attachment's steps, in order.</summary>
public sealed record AttachmentRunReport(string Key, IReadOnlyList<StepOutcome> Steps);

/// <summary>The outcome of one cleanup after a cluster delete.</summary>
public sealed record CleanupReport(string ClusterId, IReadOnlyList<StepOutcome> Steps);

/// <summary>The outcome of one fleet drift repair.</summary>
public sealed record DriftRepairReport(int Checked, int Drifted, int Repaired, int Failed, int Blocked, IReadOnlyList<string> RepairedClusters, IReadOnlyList<string> FailedClusters);

/// <summary>Results of a reconcile run, as words.</summary>
public static class RunResults
{
    public const string Converged = "converged";
    public const string Failed = "failed";
    public const string Blocked = "blocked";
    public const string Planned = "planned";
    public const string CleanedUp = "cleaned-up";

    /// <summary>The cluster does not exist and the run was not asked to clean up (a write event): it ended at the 404.</summary>
    public const string NotFound = "not-found";
}
