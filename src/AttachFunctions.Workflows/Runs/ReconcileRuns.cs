using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AttachFunctions.Workflows.Runs;

/// <summary>
/// The one rule for starting a cluster's reconcile run under its deterministic instance id, used by events, the HTTP
/// API and the drift run alike, so no two runs of one cluster ever overlap: schedule with dedupe on the active
/// statuses; when a run is in progress (AlreadyExists) ask it to re-check when it ends, unless this same trigger
/// started it; when it ended in between, schedule again.
/// </summary>
public static class ReconcileRuns
{
    /// <summary>The statuses of a run that is still going (a start deduplicates against them).</summary>
    public static IReadOnlyList<OrchestrationRuntimeStatus> Active { get; } =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    public static async Task<StartOutcome> StartOrRecheckAsync(DurableTaskClient client, string instanceId, ReconcileInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(input);
        if (await TryScheduleAsync(client, instanceId, input, ct))
        {
            return StartOutcome.Started;
        }

        var running = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
        if (running is not null && Active.Contains(running.RuntimeStatus))
        {
            if (string.Equals(running.ReadInputAs<ReconcileInput>()?.Trigger, input.Trigger, StringComparison.Ordinal))
            {
                return StartOutcome.Duplicate;
            }

            await client.RaiseEventAsync(instanceId, WorkflowNames.RecheckEvent, new RecheckRequest(input.Trigger, input.CleanupIfGone), ct);
            var after = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
            if (after is not null && Active.Contains(after.RuntimeStatus))
            {
                return StartOutcome.Rechecked;
            }
        }

        // The run ended between our start attempt and now: start a fresh one (another caller may win that race too).
        return await TryScheduleAsync(client, instanceId, input, ct) ? StartOutcome.Started : StartOutcome.Rechecked;
    }

    private static async Task<bool> TryScheduleAsync(DurableTaskClient client, string instanceId, ReconcileInput input, CancellationToken ct)
    {
        try
        {
            var options = new StartOrchestrationOptions(instanceId).WithDedupeStatuses([.. Active]);
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.ReconcileCluster, input, options, ct);
            return true;
        }
        catch (Exception ex) when (DurableErrors.IsAlreadyExists(ex))
        {
            return false;
        }
    }
}
