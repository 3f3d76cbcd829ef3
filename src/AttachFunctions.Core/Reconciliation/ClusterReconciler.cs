using System.Collections.Concurrent;
using AttachFunctions.Core.Arm;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Core.Reconciliation;

/// <summary>
/// Reconciles one cluster in process: observe → plan → apply the ensure-steps, attachments in parallel, steps of one
/// attachment in order (namespace → prerequisite grants → compute → compute grants). The durable orchestration runs
/// the same ensure-steps as activities; this class is the one-shot form used by the CLI and the tests. A step that
/// throws a retryable <see cref="DiagnosedException"/> ends as Failed with its diagnosis here (no retry loop in
/// process: the durable retry policies and the drift timer are the retry layers for minute-scale failures).
/// </summary>
public sealed class ClusterReconciler
{
    private readonly IArmGateway _arm;
    private readonly ClusterObserver _observer;
    private readonly EnsureSteps _steps;
    private readonly ILogger _logger;

    public ClusterReconciler(IArmGateway arm, ClusterObserver observer, EnsureSteps steps, ILogger<ClusterReconciler> logger)
    {
        _arm = arm;
        _observer = observer;
        _steps = steps;
        _logger = logger;
    }

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
        var plan = Planner.Plan(desired, observed);
        IReadOnlyList<CleanupStep> cleanup = [];
        if (cluster is null && desired.Blockers.Count == 0)
        {
            cleanup = await PlanCleanupAsync(policy, id, cache, ct);
            plan = plan with { Cleanup = cleanup.Select(c => c.Step).ToArray(), Blockers = [] };
        }

        return new ReconcilePlan(desired, observed, plan, cleanup);
    }

    /// <summary>Observe, plan and (unless <paramref name="dryRun"/>) apply.</summary>
    public async Task<ReconcileReport> ReconcileAsync(AttachPolicy policy, ClusterId id, bool dryRun, CancellationToken ct, ObservationCache? cache = null)
    {
        ReconcileLog.Reconciling(_logger, id.Id, dryRun);
        cache ??= new ObservationCache(_arm);
        var (desired, observed, plan, cleanupSteps) = await PlanAsync(policy, id, cache, ct);
        foreach (var blocker in plan.Blockers)
        {
            ReconcileLog.Blocked(_logger, id.Id, blocker.Code, blocker.Message);
        }

        if (dryRun || plan.Blockers.Count > 0 || plan.IsConverged)
        {
            return new ReconcileReport(id.Id, dryRun, plan, [], [], plan.Blockers);
        }

        var cleanup = new List<StepOutcome>();
        foreach (var step in cleanupSteps.Where(s => s.Step.Action == StepAction.Delete))
        {
            cleanup.Add(await RunAsync(StepKind.Detach, step.Step.Target, () => _steps.DetachAsync(step.Workspace, step.ComputeName, ct)));
        }

        var namespaces = new ConcurrentDictionary<string, Lazy<Task<StepOutcome>>>(StringComparer.Ordinal);
        var reports = await Task.WhenAll(desired.Attachments.Select(a => ApplyAttachmentAsync(a, desired.Cluster, observed, namespaces, ct)));
        var issues = desired.AttachmentIssues.Select(i => new AttachmentReport(i.Target, [StepOutcome.Failed(StepKind.Compute, i.Target, i.Diagnosis)]));
        var report = new ReconcileReport(id.Id, dryRun, plan, [.. issues, .. reports], cleanup, []);
        ReconcileLog.Reconciled(_logger, id.Id, report.Writes, report.Converged);
        return report;
    }

    private async Task<AttachmentReport> ApplyAttachmentAsync(
        DesiredAttachment a, ClusterInfo cluster, ObservedCluster observed, ConcurrentDictionary<string, Lazy<Task<StepOutcome>>> namespaces, CancellationToken ct)
    {
        var outcomes = new List<StepOutcome>();

        // A namespace shared by several attachments is ensured once; the others wait for that outcome.
        var target = StepTargets.Namespace(a.Namespace.Name);
        var mine = new Lazy<Task<StepOutcome>>(() => RunAsync(StepKind.Namespace, target, () => _steps.EnsureNamespaceAsync(cluster, a.Namespace, ct)));
        var ensured = namespaces.GetOrAdd(a.Namespace.Name, mine);
        var first = ReferenceEquals(ensured, mine);
        var ns = await ensured.Value;
        if (!first && ns.Outcome != StepOutcomeKind.Failed)
        {
            ns = StepOutcome.Unchanged(StepKind.Namespace, target, "shared namespace, ensured by another attachment");
        }

        outcomes.Add(ns);
        if (ns.Outcome == StepOutcomeKind.Failed)
        {
            return new AttachmentReport(a.Key, outcomes);
        }

        var workspace = observed.Workspaces.TryGetValue(a.Workspace.Id, out var w) ? w.Workspace : null;
        if (workspace is null)
        {
            outcomes.Add(StepOutcome.Failed(StepKind.Compute, StepTargets.Compute(a), Diagnoses.WorkspaceNotFound(a.Workspace)));
            return new AttachmentReport(a.Key, outcomes);
        }

        try
        {
            outcomes.AddRange(await _steps.EnsurePrerequisitesAsync(a, workspace, observed.RelayNamespaceId, ct));
        }
        catch (DiagnosedException ex)
        {
            outcomes.Add(StepOutcome.Failed(StepKind.PrerequisiteGrant, $"prerequisite roles of workspace {a.Workspace.Name}", ex.Diagnosis));
        }

        if (outcomes.Any(o => o.Outcome == StepOutcomeKind.Failed))
        {
            return new AttachmentReport(a.Key, outcomes);
        }

        ComputeStepResult compute;
        try
        {
            compute = await _steps.EnsureComputeAsync(a, workspace, ct);
        }
        catch (Exception ex) when (ex is DiagnosedException or ArmRequestException)
        {
            outcomes.Add(StepOutcome.Failed(StepKind.Compute, StepTargets.Compute(a), DiagnosisOf(ex)));
            return new AttachmentReport(a.Key, outcomes);
        }

        outcomes.Add(compute.Outcome);
        if (compute.Outcome.Outcome == StepOutcomeKind.Failed)
        {
            return new AttachmentReport(a.Key, outcomes);
        }

        try
        {
            outcomes.AddRange(await _steps.EnsureComputeGrantsAsync(a, compute.PrincipalId, ct));
        }
        catch (Exception ex) when (ex is DiagnosedException or ArmRequestException)
        {
            outcomes.Add(StepOutcome.Failed(StepKind.ComputeGrant, $"compute identity roles of {a.Key}", DiagnosisOf(ex)));
        }

        return new AttachmentReport(a.Key, outcomes);
    }

    private static async Task<StepOutcome> RunAsync(StepKind kind, string target, Func<Task<StepOutcome>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception ex) when (ex is DiagnosedException or ArmRequestException or KubernetesRequestException)
        {
            return StepOutcome.Failed(kind, target, DiagnosisOf(ex));
        }
    }

    internal static Diagnosis DiagnosisOf(Exception ex) => Diagnoses.FromException(ex, ErrorClassifier.Classify(ex));

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
