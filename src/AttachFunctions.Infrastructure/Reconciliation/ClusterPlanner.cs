using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Observed;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Infrastructure.Reconciliation;

/// <summary>
/// Plans one cluster: observe (cluster, extension, namespaces, computes, role assignments) → the desired state of the
/// policy → <see cref="Planner"/>, whose per-resource decisions are the ones the ensure-steps make before they write.
/// Reads only. The durable plan activity runs it; applying is the orchestrations' job alone.
/// </summary>
public sealed class ClusterPlanner
{
    private readonly ClusterObserver _observer;
    private readonly WorkspaceIdentityAllowList _workspaceIdentities;

    public ClusterPlanner(ClusterObserver observer, WorkspaceIdentityAllowList workspaceIdentities)
    {
        _observer = observer;
        _workspaceIdentities = workspaceIdentities;
    }

    /// <summary>The same planner over a cluster already read (see <see cref="ClusterObserver.WithFirstRead"/>).</summary>
    public ClusterPlanner WithFirstRead(ArmCluster cluster) => new(_observer.WithFirstRead(cluster), _workspaceIdentities);

    /// <summary>Reads the cluster and computes the plan; writes nothing.</summary>
    public async Task<ReconcilePlan> PlanAsync(
        AttachPolicy policy, ClusterId id, ObservationCache cache, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(id);
        var (cluster, extension) = await _observer.ObserveClusterAsync(id, ct);
        var info = cluster?.ToInfo() ?? new ClusterInfo(id, "", new Dictionary<string, string>());
        var desired = DesiredStateBuilder.Build(policy, info);
        if (cluster is null && desired.Blockers.Count == 0)
        {
            // A deleted cluster matches nothing (its tags are gone); only what we attached to it is left to clean up.
            desired = desired with { RuleName = null, Attachments = [], AttachmentIssues = [] };
        }

        var observed = await _observer.ObserveAsync(desired, cluster, extension, cache, ct);
        var plan = Planner.Plan(desired, observed, _workspaceIdentities);
        IReadOnlyList<CleanupStep> cleanup = [];
        if (cluster is null && desired.Blockers.Count == 0)
        {
            cleanup = await PlanCleanupAsync(policy, id, cache, ct);
            plan = plan with { Cleanup = cleanup.Select(c => c.Step).ToArray(), Blockers = [] };
        }

        return new ReconcilePlan(desired, observed, plan, cleanup);
    }

    private static async Task<IReadOnlyList<CleanupStep>> PlanCleanupAsync(AttachPolicy policy, ClusterId id, ObservationCache cache, CancellationToken ct)
    {
        var workspaces = new List<ObservedWorkspace>();
        foreach (var ws in PolicyWorkspaces(policy))
        {
            var workspace = await cache.WorkspaceAsync(ws, ct);
            if (workspace is null)
            {
                continue;
            }

            var computes = await cache.ComputesAsync(ws, ct);
            workspaces.Add(new ObservedWorkspace(ws, workspace, computes.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase)));
        }

        return Planner.PlanCleanup(id, workspaces);
    }

    /// <summary>Every workspace the policy names, once.</summary>
    public static IReadOnlyList<WorkspaceRef> PolicyWorkspaces(AttachPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Rules.SelectMany(r => r.Attachments).Select(a => WorkspaceRef.Parse(a.Workspace)).Distinct().ToArray();
    }
}

/// <summary>The inputs and result of planning one cluster.</summary>
public sealed record ReconcilePlan(DesiredClusterState Desired, ObservedCluster Observed, ClusterPlan Plan, IReadOnlyList<CleanupStep> Cleanup);
