using AttachFunctions.Api.Http;
using AttachFunctions.Api.Options;
using AttachFunctions.Api.Runs;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using AttachFunctions.Workflows.Runs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Handlers;

/// <summary>
/// The drift-repair timer (NCRONTAB from <c>DriftRepair:Schedule</c>). It starts the singleton fleet orchestration under a
/// fixed instance id; while one runs, a firing is skipped, not stacked. Every firing then purges ended runs older than
/// <c>Runs:Retention</c> (<see cref="RunPurger"/>); a failed purge is logged and retried at the next firing.
/// </summary>
public sealed class DriftRepairTimerHandler
{
    private static readonly OrchestrationRuntimeStatus[] Active =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    private readonly DriftRepairOptions _drift;
    private readonly ReconcileOptions _reconcile;
    private readonly RunsOptions _runs;
    private readonly RunPurger _purger;
    private readonly ILogger _logger;

    public DriftRepairTimerHandler(
        IOptions<DriftRepairOptions> drift, IOptions<ReconcileOptions> reconcile, IOptions<RunsOptions> runs, RunPurger purger, ILogger<DriftRepairTimerHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(drift);
        ArgumentNullException.ThrowIfNull(reconcile);
        ArgumentNullException.ThrowIfNull(runs);
        _drift = drift.Value;
        _reconcile = reconcile.Value;
        _runs = runs.Value;
        _purger = purger;
        _logger = logger;
    }

    /// <summary>True when a run was started; false when one was running (the firing is skipped). Purges old runs either way.</summary>
    public async Task<bool> HandleAsync(DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var started = await StartDriftAsync(client, ct);
        try
        {
            await _purger.PurgeAsync(client, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ApiLog.PurgeFailed(_logger, ex);
        }

        return started;
    }

    private async Task<bool> StartDriftAsync(DurableTaskClient client, CancellationToken ct)
    {
        var existing = await client.GetInstanceAsync(InstanceIds.DriftRepair, getInputsAndOutputs: false, ct);
        if (existing is not null && Active.Contains(existing.RuntimeStatus))
        {
            ApiLog.DriftSkipped(_logger, InstanceIds.DriftRepair);
            return false;
        }

        try
        {
            var input = new DriftRepairInput(_drift.BatchSize, _reconcile.ToSettings()) { RunWait = _runs.DriftRunWait };
            var options = new StartOrchestrationOptions(InstanceIds.DriftRepair).WithDedupeStatuses(Active);
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.DriftRepair, input, options, ct);
            ApiLog.DriftStarted(_logger, InstanceIds.DriftRepair);
            return true;
        }
        catch (Exception ex) when (DurableErrors.IsAlreadyExists(ex))
        {
            ApiLog.DriftSkipped(_logger, InstanceIds.DriftRepair);
            return false;
        }
    }
}
