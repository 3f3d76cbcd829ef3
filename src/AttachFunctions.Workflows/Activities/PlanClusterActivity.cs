using AttachFunctions.Core;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Reconciliation;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Activities;

/// <summary>Observes a cluster and plans it (reads only). The input is the normalized cluster id.</summary>
public sealed class PlanClusterActivity : WorkflowActivity<string, ClusterSnapshot>
{
    private readonly AttachPolicy _policy;
    private readonly AttachRuntime _runtime;

    public PlanClusterActivity(AttachPolicy policy, AttachRuntime runtime)
    {
        _policy = policy;
        _runtime = runtime;
    }

    public override async Task<ClusterSnapshot> ExecuteAsync(string input, CancellationToken ct)
    {
        var id = ClusterId.Parse(input);
        return await StepFailures.GuardAsync(
            async () =>
            {
                var result = await _runtime.Reconciler.PlanAsync(_policy, id, new ObservationCache(_runtime.Arm), ct);
                var exists = result.Observed.Cluster is not null;
                var pending = result.Plan.Blockers.Any(b => b.Code == DiagnosisCodes.ExtensionNotReady);
                return new ClusterSnapshot(id.Id, exists, pending, result.Plan, result.Desired.Attachments.Select(a => a.Key).ToArray());
            },
            diagnosis => new ClusterSnapshot(id.Id, true, false, new ClusterPlan(id.Id, null, [], [], [diagnosis]), []));
    }
}
