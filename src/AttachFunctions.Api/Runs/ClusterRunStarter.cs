using AttachFunctions.Api.Options;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using AttachFunctions.Workflows.Runs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Runs;

/// <summary>
/// Starts the reconcile run of a cluster under its deterministic instance id (<see cref="ReconcileRuns"/>: the same
/// rule the drift run uses). A duplicate start (AlreadyExists, from either client generation) is success: the running
/// run is asked to re-check when it ends (unless it was started by this very event), so an event that arrives during a
/// run is not lost. Makes no ARM call: the run's first activity reads the cluster.
/// </summary>
public sealed class ClusterRunStarter
{
    private readonly ReconcileOptions _options;
    private readonly ILogger _logger;

    public ClusterRunStarter(IOptions<ReconcileOptions> options, ILogger<ClusterRunStarter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Starts (or asks to re-check) the cluster's run. <paramref name="cleanupIfGone"/>: when the cluster does not exist,
    /// the run plans and applies the cleanup of what was attached to it (delete events, the HTTP API); false for write
    /// events, whose run ends at the cluster's 404 after one read.
    /// </summary>
    public async Task<(string InstanceId, StartOutcome Outcome)> StartAsync(
        DurableTaskClient client, ClusterId cluster, string trigger, string kind, CancellationToken ct, bool cleanupIfGone = true)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(cluster);
        var instanceId = InstanceIds.ForReconcile(cluster);
        var input = new ReconcileInput(cluster.Id, false, _options.ToSettings(), trigger, CleanupIfGone: cleanupIfGone);
        var outcome = await ReconcileRuns.StartOrRecheckAsync(client, instanceId, input, ct);
        switch (outcome)
        {
            case StartOutcome.Started:
                ApiLog.RunStarted(_logger, instanceId, cluster.Id, kind, trigger);
                break;
            case StartOutcome.Duplicate:
                ApiLog.DuplicateEvent(_logger, instanceId);
                break;
            default:
                ApiLog.RecheckRaised(_logger, instanceId, cluster.Id);
                break;
        }

        return (instanceId, outcome);
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
}
