using AttachFunctions.Core.Planning;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask;

namespace AttachFunctions.Workflows.Orchestrations;

/// <summary>
/// A deleted cluster: detach the computes the automation attached to it whose policy says <c>detach</c>; keep the
/// ones that say <c>keep</c>. Planned from the truth at run time, so a cluster that exists again is left alone.
/// </summary>
public static class CleanupClusterOrchestration
{
    public static async Task<CleanupReport> RunAsync(TaskOrchestrationContext context, CleanupInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var log = context.CreateReplaySafeLogger(WorkflowNames.CleanupCluster);
        var retry = StepRetry.Options(input.Settings);
        var items = await context.CallActivityAsync<IReadOnlyList<CleanupItem>>(WorkflowNames.PlanCleanup, input.ClusterId, retry);
        var outcomes = new List<StepOutcome>();
        foreach (var item in items)
        {
            var target = $"compute {item.ComputeName}";
            if (!item.Detach)
            {
                outcomes.Add(StepOutcome.Unchanged(StepKind.Detach, target, item.Reason));
                continue;
            }

            try
            {
                outcomes.Add(await context.CallActivityAsync<StepOutcome>(WorkflowNames.DetachCompute, new DetachInput(item.WorkspaceId, item.ComputeName), retry));
            }
            catch (TaskFailedException ex)
            {
                outcomes.Add(StepOutcome.Failed(StepKind.Detach, target, RetryableStepException.DiagnosisFrom(ex.FailureDetails.ErrorMessage, ex.FailureDetails.ErrorType)));
            }
        }

        var detached = outcomes.Count(o => o.Outcome == StepOutcomeKind.Deleted);
        var kept = items.Count(i => !i.Detach);
        WorkflowLog.CleanedUp(log, input.ClusterId, detached, kept);
        return new CleanupReport(input.ClusterId, outcomes);
    }
}
