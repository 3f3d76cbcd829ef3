using AttachFunctions.Api.Options;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Runs;

/// <summary>How a start request ended.</summary>
public enum StartOutcome
{
    /// <summary>A new run was scheduled.</summary>
    Started,

    /// <summary>A run was in progress; it was asked to re-check the cluster when it ends.</summary>
    Rechecked,

    /// <summary>The running run was started by this same event: nothing to do.</summary>
    Duplicate,
}

/// <summary>
/// Starts the reconcile run of a cluster under its deterministic instance id. A duplicate start (AlreadyExists, from
/// either client generation) is success: the running run is asked to re-check when it ends (unless it was started by
/// this very event), so an event that arrives during a run is not lost.
/// </summary>
public sealed class ClusterRunStarter
{
    private static readonly OrchestrationRuntimeStatus[] Active =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    private readonly ReconcileOptions _options;
    private readonly ILogger _logger;

    public ClusterRunStarter(IOptions<ReconcileOptions> options, ILogger<ClusterRunStarter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    public async Task<(string InstanceId, StartOutcome Outcome)> StartAsync(DurableTaskClient client, ClusterId cluster, string trigger, string kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(cluster);
        var instanceId = InstanceIds.ForReconcile(cluster);
        var input = new ReconcileInput(cluster.Id, false, _options.ToSettings(), trigger);
        if (await TryScheduleAsync(client, instanceId, input, ct))
        {
            ApiLog.RunStarted(_logger, instanceId, cluster.Id, kind, trigger);
            return (instanceId, StartOutcome.Started);
        }

        var running = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
        if (running is not null && Active.Contains(running.RuntimeStatus))
        {
            if (string.Equals(running.ReadInputAs<ReconcileInput>()?.Trigger, trigger, StringComparison.Ordinal))
            {
                ApiLog.DuplicateEvent(_logger, instanceId);
                return (instanceId, StartOutcome.Duplicate);
            }

            await client.RaiseEventAsync(instanceId, WorkflowNames.RecheckEvent, trigger, ct);
            ApiLog.RecheckRaised(_logger, instanceId, cluster.Id);
            var after = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
            if (after is not null && Active.Contains(after.RuntimeStatus))
            {
                return (instanceId, StartOutcome.Rechecked);
            }
        }

        // The run ended between our start attempt and now: start a fresh one (another caller may win that race too).
        if (await TryScheduleAsync(client, instanceId, input, ct))
        {
            ApiLog.RunStarted(_logger, instanceId, cluster.Id, kind, trigger);
            return (instanceId, StartOutcome.Started);
        }

        return (instanceId, StartOutcome.Rechecked);
    }

    /// <summary>Schedules a dry run (plan only) under a fresh id, so it never collides with the real run.</summary>
    public async Task<string> StartPlanAsync(DurableTaskClient client, ClusterId cluster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(cluster);
        var instanceId = InstanceIds.ForPlan(cluster, Guid.NewGuid().ToString("N")[..12]);
        var input = new ReconcileInput(cluster.Id, true, _options.ToSettings(), "plan");
        await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.ReconcileCluster, input, new StartOrchestrationOptions(instanceId), ct);
        ApiLog.RunStarted(_logger, instanceId, cluster.Id, "plan", "http");
        return instanceId;
    }

    private static async Task<bool> TryScheduleAsync(DurableTaskClient client, string instanceId, ReconcileInput input, CancellationToken ct)
    {
        try
        {
            var options = new StartOrchestrationOptions(instanceId).WithDedupeStatuses(Active);
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.ReconcileCluster, input, options, ct);
            return true;
        }
        catch (Exception ex) when (DurableErrors.IsAlreadyExists(ex))
        {
            return false;
        }
    }
}
