using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Reconciliation;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Activities;

/// <summary>Observes a cluster and plans it (reads only).</summary>
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
                var result = await _runtime.Planner.PlanAsync(_policy, id, reads, ct);
                var exists = result.Observed.Cluster is not null;
                var pending = result.Plan.Blockers.Any(b => b.Code == DiagnosisCodes.ExtensionNotReady);
                return new ClusterSnapshot(id.Id, exists, pending, result.Plan, result.Desired.Attachments.Select(a => a.Key).ToArray());
            },
            diagnosis => new ClusterSnapshot(id.Id, true, false, new ClusterPlan(id.Id, null, [], [], [diagnosis]), []));
    }
}
