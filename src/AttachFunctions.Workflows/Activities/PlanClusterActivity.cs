using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Reconciliation;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Activities;

/// <summary>
/// Observes a cluster and plans it (reads only). The first read is the cluster GET: when the cluster does not exist
/// and the run may not clean up (a write event), that 404 ends the activity with no other read.
/// </summary>
public sealed class PlanClusterActivity : WorkflowActivity<PlanClusterInput, ClusterSnapshot>
{
    private readonly AttachPolicy _policy;
    private readonly AttachRuntime _runtime;

    public PlanClusterActivity(AttachPolicy policy, AttachRuntime runtime)
    {
        _policy = policy;
        _runtime = runtime;
    }

    public override async Task<ClusterSnapshot> ExecuteAsync(PlanClusterInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = ClusterId.Parse(input.ClusterId);
        var reads = input.SharedReads ? _runtime.SharedObservations : new ObservationCache(_runtime.Arm);
        return await StepFailures.GuardAsync(
            async () =>
            {
                var cluster = await _runtime.Observer.ReadClusterAsync(id, ct);
                if (cluster is null && !input.CleanupIfGone)
                {
                    return NotFound(id);
                }

                var planner = cluster is null ? _runtime.Planner : _runtime.Planner.WithFirstRead(cluster);
                var result = await planner.PlanAsync(_policy, id, reads, ct);
                var exists = result.Observed.Cluster is not null;
                var pending = result.Plan.Blockers.Any(b => b.Code == DiagnosisCodes.ExtensionNotReady);
                return new ClusterSnapshot(id.Id, exists, pending, result.Plan, result.Desired.Attachments.Select(a => a.Key).ToArray());
            },
            diagnosis => new ClusterSnapshot(id.Id, true, false, new ClusterPlan(id.Id, null, [], [], [diagnosis]), []));
    }

    /// <summary>The cluster does not exist and this run does not clean up: a plan with only that blocker.</summary>
    private static ClusterSnapshot NotFound(ClusterId id) =>
        new(id.Id, false, false, new ClusterPlan(id.Id, null, [], [], [Diagnoses.ClusterNotFound(id)]), []);
}
