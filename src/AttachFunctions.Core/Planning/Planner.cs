using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Decisions;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Observed;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Planning;

/// <summary>
/// The difference between what the policy wants and what exists, as ordered steps with a reason each.
/// Pure: it reads nothing and writes nothing, so a plan is also the dry-run output.
/// </summary>
public static class Planner
{
    /// <param name="desired">What the policy wants for the cluster.</param>
    /// <param name="observed">What exists.</param>
    /// <param name="workspaceIdentities">The workspace identities the deployment allows to receive cluster-level roles.</param>
    public static ClusterPlan Plan(DesiredClusterState desired, ObservedCluster observed, WorkspaceIdentityAllowList workspaceIdentities)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(workspaceIdentities);

        var blockers = new List<Diagnosis>(desired.Blockers);
        if (observed.Cluster is null)
        {
            blockers.Add(Diagnoses.ClusterNotFound(observed.Id));
        }
        else if (desired.IsManaged && ExtensionBlocker(observed) is { } extensionBlocker)
        {
            blockers.Add(extensionBlocker);
        }

        var plans = new List<AttachmentPlan>();
        foreach (var issue in desired.AttachmentIssues)
        {
            plans.Add(new AttachmentPlan(issue.Target, [new PlanStep(StepKind.Compute, issue.Target, StepAction.Blocked, issue.Diagnosis.Message, issue.Diagnosis)]));
        }

        foreach (var attachment in desired.Attachments)
        {
            plans.Add(new AttachmentPlan(attachment.Key, PlanAttachment(attachment, observed, workspaceIdentities)));
        }

        return new ClusterPlan(observed.Id.Id, desired.RuleName, plans, [], blockers);
    }

    /// <summary>Why attach cannot start yet (extension missing, installing or failed), or null when it can.</summary>
    public static Diagnosis? ExtensionBlocker(ObservedCluster observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var ext = observed.MlExtension;
        if (ext is null)
        {
            return Diagnoses.ExtensionMissing(observed.Id);
        }

        if (ext.IsFailed)
        {
            return Diagnoses.ExtensionFailed(observed.Id, ext);
        }

        if (!ext.IsSucceeded)
        {
            return Diagnoses.ExtensionNotReady(observed.Id, ext);
        }

        return null;
    }

    /// <summary>Computes in policy workspaces attached to a deleted cluster by this automation, to detach when their policy says so.</summary>
    public static IReadOnlyList<CleanupStep> PlanCleanup(ClusterId cluster, IEnumerable<ObservedWorkspace> workspaces)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(workspaces);
        var steps = new List<CleanupStep>();
        foreach (var ws in workspaces)
        {
            foreach (var compute in ws.Computes.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (!ClusterId.TryParse(compute.ResourceId, out var attachedTo, out _) || attachedTo != cluster || !ComputeTags.IsOurs(compute.Tags))
                {
                    continue;
                }

                var keep = compute.Tags.TryGetValue(ComputeTags.OnClusterDelete, out var mode) && string.Equals(mode, "keep", StringComparison.Ordinal);
                var target = $"compute {ws.Ref.Name}/{compute.Name}";
                steps.Add(new CleanupStep(
                    keep
                        ? new PlanStep(StepKind.Detach, target, StepAction.None, $"cluster {cluster.Name} was deleted; policy says keep {ws.Ref.Name}/{compute.Name}")
                        : new PlanStep(StepKind.Detach, target, StepAction.Delete, $"cluster {cluster.Name} was deleted: detach {ws.Ref.Name}/{compute.Name}"),
                    ws.Ref,
                    compute.Name));
            }
        }

        return steps;
    }

    private static List<PlanStep> PlanAttachment(DesiredAttachment a, ObservedCluster observed, WorkspaceIdentityAllowList workspaceIdentities)
    {
        var steps = new List<PlanStep> { PlanNamespace(a.Namespace, observed) };
        var ws = observed.Workspaces.TryGetValue(a.Workspace.Id, out var w) ? w : null;
        if (ws?.Workspace is null)
        {
            steps.Add(new PlanStep(StepKind.Compute, StepTargets.Compute(a), StepAction.Blocked, $"workspace {a.Workspace.Name} not found", Diagnoses.WorkspaceNotFound(a.Workspace)));
            return steps;
        }

        var identity = WorkspaceIdentityDecision.Decide(a, ws.Workspace, workspaceIdentities);
        if (identity.Refusal is { } refusal)
        {
            steps.Add(refusal.ToPlanStep(StepKind.PrerequisiteGrant, StepTargets.WorkspaceIdentity(a.Workspace)));
        }
        else if (identity.PrincipalId is { } workspacePrincipal)
        {
            foreach (var p in a.WorkspacePrerequisites)
            {
                var scope = RoleGrantDecision.ScopeOf(p, observed.RelayNamespaceId);
                var decision = RoleGrantDecision.Prerequisite(a, p, scope, workspacePrincipal, scope is null ? [] : observed.AssignmentsAt(scope));
                steps.Add(decision.ToPlanStep(StepKind.PrerequisiteGrant, StepTargets.Prerequisite(p.Role, scope)));
            }
        }

        var existing = ws.Computes.TryGetValue(a.ComputeName, out var c) ? c : null;
        var compute = ComputeDecision.Decide(a, existing);
        steps.Add(compute.ToPlanStep(StepKind.Compute, StepTargets.Compute(a)));

        var principal = ComputePrincipal(a, compute.Action == StepAction.None ? existing : null, observed);
        foreach (var grant in a.ComputeGrants)
        {
            var decision = RoleGrantDecision.ComputeGrant(a, grant, principal, compute.Action != StepAction.None, principal is null ? [] : observed.AssignmentsAt(grant.Scope));
            steps.Add(decision.ToPlanStep(StepKind.ComputeGrant, StepTargets.ComputeGrant(grant)));
        }

        return steps;
    }

    private static PlanStep PlanNamespace(DesiredNamespace ns, ObservedCluster observed)
    {
        var target = StepTargets.Namespace(ns.Name);
        if (observed.NamespaceAccessIssues.TryGetValue(ns.Name, out var issue))
        {
            return new PlanStep(StepKind.Namespace, target, StepAction.Blocked, issue.Message, issue);
        }

        if (observed.Cluster is null)
        {
            return new PlanStep(StepKind.Namespace, target, StepAction.Blocked, "cluster not found");
        }

        var current = observed.Namespaces.TryGetValue(ns.Name, out var n) ? n : null;
        return NamespaceDecision.Decide(ns, current, observed.Id).ToPlanStep(StepKind.Namespace, target);
    }

    private static string? ComputePrincipal(DesiredAttachment a, ArmCompute? unchanged, ObservedCluster observed)
    {
        if (a.Identity.Type == ComputeIdentityType.UserAssigned)
        {
            return a.Identity.UserAssignedIdentityId is { } id && observed.UserAssignedPrincipals.TryGetValue(id, out var principal) ? principal : null;
        }

        return unchanged?.SystemPrincipalId;
    }
}

/// <summary>A planned detach of a compute whose cluster was deleted, with what it acts on.</summary>
public sealed record CleanupStep(PlanStep Step, WorkspaceRef Workspace, string ComputeName);
