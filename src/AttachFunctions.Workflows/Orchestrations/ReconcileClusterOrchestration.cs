using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask;

namespace AttachFunctions.Workflows.Orchestrations;

/// <summary>
/// Reconciles one cluster: plan (activity) → wait for an installing ML extension with durable timers and backoff up to
/// the deadline in the input → one <c>AttachOne</c> sub-orchestration per attachment that needs work (in parallel) →
/// report. A deleted cluster runs <c>CleanupCluster</c> instead when the run may clean up (a delete event, the HTTP API,
/// the drift run); a write event's run ends at the cluster's 404 (one ARM read, no other instance). Write and delete
/// events for one cluster share one instance and the truth at run time decides. A <c>recheck</c> event raised during
/// the run (a newer event for the same cluster, or the drift run reaching it) makes the run continue as a new
/// generation once it ends, so that request is not lost and no second run of the cluster ever starts beside it.
/// </summary>
public static class ReconcileClusterOrchestration
{
    /// <summary>Attachments listed in the custom status; the rest are counted (keeps the status far below 16 KB).</summary>
    private const int MaxProgressEntries = 40;

    /// <summary>Upper bound of extension polls in one run (the deadline normally ends the wait long before).</summary>
    private const int MaxExtensionPolls = 64;

    /// <summary>The trigger of runs the drift timer starts.</summary>
    public const string DriftTrigger = "drift";

    public static async Task<ReconcileRunReport> RunAsync(TaskOrchestrationContext context, ReconcileInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var log = context.CreateReplaySafeLogger(WorkflowNames.ReconcileCluster);
        var recheck = context.WaitForExternalEvent<RecheckRequest>(WorkflowNames.RecheckEvent);
        WorkflowLog.RunStarted(log, context.InstanceId, input.ClusterId, input.Generation, input.Trigger, input.DryRun);

        var report = await ReconcileAsync(context, input);

        context.SetCustomStatus(new ReconcileProgress(ProgressStates.Done, input.Generation, []));
        WorkflowLog.RunEnded(log, context.InstanceId, input.ClusterId, report.Result, report.Writes);
        if (recheck.IsCompleted && !input.DryRun && input.Generation < input.Settings.MaxGenerations)
        {
            WorkflowLog.Rechecking(log, input.ClusterId, context.InstanceId, input.Generation + 1);
            var next = recheck.Result;
            context.ContinueAsNew(input with
            {
                Generation = input.Generation + 1,
                Trigger = next?.Trigger ?? "recheck",
                CleanupIfGone = input.CleanupIfGone || next?.CleanupIfGone == true,
            });
        }

        return report;
    }

    private static async Task<ReconcileRunReport> ReconcileAsync(TaskOrchestrationContext context, ReconcileInput input)
    {
        var log = context.CreateReplaySafeLogger(WorkflowNames.ReconcileCluster);
        var settings = input.Settings;
        var retry = StepRetry.Options(settings);
        context.SetCustomStatus(new ReconcileProgress(ProgressStates.Planning, input.Generation, []));

        ClusterSnapshot snapshot = null!;
        var deadline = context.CurrentUtcDateTime + settings.ExtensionDeadline;
        var delay = settings.ExtensionFirstPoll > TimeSpan.Zero ? settings.ExtensionFirstPoll : TimeSpan.FromMilliseconds(1);
        for (var poll = 0; poll < MaxExtensionPolls; poll++)
        {
            try
            {
                snapshot = await context.CallActivityAsync<ClusterSnapshot>(
                    WorkflowNames.PlanCluster, new PlanClusterInput(input.ClusterId, SharedReads: input.Trigger == DriftTrigger && input.Generation == 1 && poll == 0, input.CleanupIfGone), retry);
            }
            catch (TaskFailedException ex)
            {
                var diagnosis = RetryableStepException.DiagnosisFrom(ex.FailureDetails.ErrorMessage, ex.FailureDetails.ErrorType);
                return Report(input, RunResults.Failed, null, [], [], [diagnosis]);
            }

            if (!snapshot.ExtensionPending || input.DryRun || context.CurrentUtcDateTime + delay > deadline)
            {
                break;
            }

            WorkflowLog.WaitingForExtension(log, input.ClusterId, delay);
            context.SetCustomStatus(new ReconcileProgress(ProgressStates.WaitingForExtension, input.Generation, []));
            await context.CreateTimer(delay, CancellationToken.None);
            var next = TimeSpan.FromTicks(delay.Ticks * 2);
            delay = next < settings.ExtensionMaxPoll ? next : settings.ExtensionMaxPoll;
        }

        var plan = snapshot.Plan;
        if (input.DryRun)
        {
            return Report(input, RunResults.Planned, plan, [], [], plan.Blockers);
        }

        if (!snapshot.Exists && !input.CleanupIfGone)
        {
            // A write event for a cluster that does not exist: the plan activity's one GET answered 404; nothing else runs.
            return Report(input, RunResults.NotFound, plan, [], [], plan.Blockers);
        }

        if (!snapshot.Exists)
        {
            context.SetCustomStatus(new ReconcileProgress(ProgressStates.CleaningUp, input.Generation, []));
            CleanupReport cleanup;
            try
            {
                cleanup = await context.CallSubOrchestratorAsync<CleanupReport>(
                    WorkflowNames.CleanupCluster,
                    new CleanupInput(input.ClusterId, settings),
                    new SubOrchestrationOptions { InstanceId = InstanceIds.ForCleanup(context.InstanceId, input.Generation) });
            }
            catch (TaskFailedException ex)
            {
                var diagnosis = RetryableStepException.DiagnosisFrom(ex.FailureDetails.ErrorMessage, ex.FailureDetails.ErrorType);
                return Report(input, RunResults.Failed, plan, [], [], [diagnosis]);
            }

            var failed = cleanup.Steps.Any(s => s.Outcome == StepOutcomeKind.Failed);
            return Report(input, failed ? RunResults.Failed : RunResults.CleanedUp, plan, [], cleanup.Steps, []);
        }

        if (plan.Blockers.Count > 0)
        {
            return Report(input, RunResults.Blocked, plan, [], [], plan.Blockers);
        }

        var results = new List<AttachmentRunReport>();
        foreach (var issue in plan.Attachments.Where(p => !snapshot.AttachmentKeys.Contains(p.Key, StringComparer.OrdinalIgnoreCase)))
        {
            results.Add(new AttachmentRunReport(issue.Key, issue.Steps.Select(FromBlockedStep).ToArray()));
        }

        var progress = new List<AttachmentProgress>();
        var running = new Dictionary<Task<AttachmentRunReport>, int>();
        for (var i = 0; i < snapshot.AttachmentKeys.Count; i++)
        {
            var key = snapshot.AttachmentKeys[i];
            var planned = plan.Attachments.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
            if (planned is not null && planned.IsConverged)
            {
                results.Add(new AttachmentRunReport(key, planned.Steps.Select(s => StepOutcome.Unchanged(s.Kind, s.Target, s.Reason)).ToArray()));
                progress.Add(new AttachmentProgress(key, ProgressStates.Unchanged, null));
                continue;
            }

            // The workspace identity may not receive the cluster-level roles attach needs (decided on the workspace this
            // run just read): the attach would fail, so nothing of this attachment is written, not even its namespace.
            if (planned is not null && planned.Steps.Any(IsWorkspaceIdentityRefusal))
            {
                results.Add(new AttachmentRunReport(key, planned.Steps.Where(s => s.Action == StepAction.Blocked).Select(FromBlockedStep).ToArray()));
                progress.Add(new AttachmentProgress(key, ProgressStates.Failed, null));
                continue;
            }

            var childId = InstanceIds.ForAttachment(context.InstanceId, input.Generation, i);
            progress.Add(new AttachmentProgress(key, ProgressStates.Running, childId));
            var task = context.CallSubOrchestratorAsync<AttachmentRunReport>(
                WorkflowNames.AttachOne, new AttachOneInput(input.ClusterId, key, settings), new SubOrchestrationOptions { InstanceId = childId });
            running[task] = progress.Count - 1;
        }

        SetApplying(context, input.Generation, progress);
        while (running.Count > 0)
        {
            var done = await Task.WhenAny(running.Keys);
            var index = running[done];
            running.Remove(done);
            AttachmentRunReport child;
            try
            {
                child = await done;
            }
            catch (TaskFailedException ex)
            {
                var diagnosis = RetryableStepException.DiagnosisFrom(ex.FailureDetails.ErrorMessage, ex.FailureDetails.ErrorType);
                child = new AttachmentRunReport(progress[index].Key, [StepOutcome.Failed(StepKind.Compute, progress[index].Key, diagnosis)]);
            }

            results.Add(child);
            var failed = child.Steps.Any(s => s.Outcome == StepOutcomeKind.Failed);
            progress[index] = progress[index] with { State = failed ? ProgressStates.Failed : ProgressStates.Done };
            SetApplying(context, input.Generation, progress);
        }

        var ordered = results.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
        // Every attachment is blocked by a diagnosis (e.g. AKS across subscriptions): nothing could be tried.
        if (progress.All(p => p.InstanceId is null && p.State == ProgressStates.Failed) && plan.Attachments.Count > 0 && plan.Attachments.All(a => a.IsBlocked))
        {
            return Report(input, RunResults.Blocked, plan, ordered, [], []);
        }

        var anyFailed = ordered.Any(r => r.Steps.Any(s => s.Outcome == StepOutcomeKind.Failed));
        return Report(input, anyFailed ? RunResults.Failed : RunResults.Converged, plan, ordered, [], []);
    }

    private static void SetApplying(TaskOrchestrationContext context, int generation, List<AttachmentProgress> progress) =>
        context.SetCustomStatus(new ReconcileProgress(ProgressStates.Applying, generation, progress.Take(MaxProgressEntries).ToArray()));

    private static bool IsWorkspaceIdentityRefusal(PlanStep step) =>
        step.Kind == StepKind.PrerequisiteGrant && step.Action == StepAction.Blocked;

    private static StepOutcome FromBlockedStep(PlanStep step) => step.Diagnosis is { } d
        ? StepOutcome.Failed(step.Kind, step.Target, d)
        : StepOutcome.Unchanged(step.Kind, step.Target, step.Reason);

    private static ReconcileRunReport Report(
        ReconcileInput input, string result, ClusterPlan? plan, IReadOnlyList<AttachmentRunReport> attachments, IReadOnlyList<StepOutcome> cleanup, IReadOnlyList<Diagnosis> blockers) =>
        new(input.ClusterId, input.DryRun, input.Generation, result, plan, attachments, cleanup, blockers);
}
