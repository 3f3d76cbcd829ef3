using AttachFunctions.Core.Arm;
using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;

namespace AttachFunctions.Core.Reconciliation;

/// <summary>
/// The difference between what the policy wants and what exists, as ordered steps with a reason each.
/// Pure: it reads nothing and writes nothing, so a plan is also the dry-run output.
/// </summary>
public static class Planner
{
    public static ClusterPlan Plan(DesiredClusterState desired, ObservedCluster observed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);

        var blockers = new List<Diagnosis>(desired.Blockers);
        if (observed.Cluster is null)
        {
            blockers.Add(new Diagnosis(
                DiagnosisCodes.ClusterNotFound,
                $"Cluster {observed.Id} does not exist (or the automation cannot read it).",
                "Check the id; if the cluster was deleted, its computes are cleaned up by the delete event or the next drift run."));
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
            plans.Add(new AttachmentPlan(attachment.Key, PlanAttachment(attachment, observed)));
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
            return new Diagnosis(
                DiagnosisCodes.ExtensionMissing,
                $"The Azure ML extension ({ArmExtension.AzureMlType}) is not installed on {observed.Id.Name}.",
                "Install it (az k8s-extension create --extension-type Microsoft.AzureML.Kubernetes ...); its write event starts the attach.");
        }

        if (ext.IsFailed)
        {
            return new Diagnosis(
                DiagnosisCodes.ExtensionFailed,
                $"The Azure ML extension '{ext.Name}' on {observed.Id.Name} is {ext.ProvisioningState}{(ext.ErrorCode is null ? "" : $" ({ext.ErrorCode}: {ext.ErrorMessage})")}.",
                "Fix or reinstall the extension; its write event starts the attach again.");
        }

        if (!ext.IsSucceeded)
        {
            return new Diagnosis(
                DiagnosisCodes.ExtensionNotReady,
                $"The Azure ML extension '{ext.Name}' on {observed.Id.Name} is {ext.ProvisioningState ?? "in an unknown state"}, not Succeeded.",
                "Wait for the installation to finish; the run waits for it up to its deadline.");
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

    private static List<PlanStep> PlanAttachment(DesiredAttachment a, ObservedCluster observed)
    {
        var steps = new List<PlanStep> { PlanNamespace(a.Namespace, observed) };
        var ws = observed.Workspaces.TryGetValue(a.Workspace.Id, out var w) ? w : null;
        if (ws?.Workspace is null)
        {
            steps.Add(new PlanStep(StepKind.Compute, StepTargets.Compute(a), StepAction.Blocked, $"workspace {a.Workspace.Name} not found", new Diagnosis(
                DiagnosisCodes.WorkspaceNotFound,
                $"Workspace {a.Workspace.Id} does not exist or the automation cannot read it.",
                "Check the workspace id in the policy and that the automation's identity has read access to it.")));
            return steps;
        }

        if (ws.Workspace.UsesUserAssignedIdentity)
        {
            steps.AddRange(PlanPrerequisites(a, ws.Workspace, observed));
        }

        var existing = ws.Computes.TryGetValue(a.ComputeName, out var c) ? c : null;
        var computeStep = PlanCompute(a, existing);
        steps.Add(computeStep);

        var principal = ComputePrincipal(a, computeStep.Action == StepAction.None ? existing : null, observed);
        foreach (var grant in a.ComputeGrants)
        {
            var target = StepTargets.ComputeGrant(grant);
            if (principal is null)
            {
                steps.Add(new PlanStep(StepKind.ComputeGrant, target, StepAction.Create, $"{grant.Describe()} for the compute identity: grant once the attach gives the identity"));
            }
            else if (observed.HasAssignment(grant.Scope, grant.Role.DefinitionGuid, principal))
            {
                steps.Add(new PlanStep(StepKind.ComputeGrant, target, StepAction.None, $"{grant.Describe()} present"));
            }
            else
            {
                steps.Add(new PlanStep(StepKind.ComputeGrant, target, StepAction.Create, $"{grant.Describe()} for the compute identity missing"));
            }
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

        if (!observed.Namespaces.TryGetValue(ns.Name, out var current) || current is null)
        {
            return new PlanStep(StepKind.Namespace, target, StepAction.Create, $"namespace {ns.Name} missing");
        }

        if (current.Terminating)
        {
            return new PlanStep(StepKind.Namespace, target, StepAction.Blocked, $"namespace {ns.Name} is terminating: wait, then create it", new Diagnosis(
                DiagnosisCodes.NamespaceTerminating,
                $"Namespace {ns.Name} on {observed.Id.Name} is being deleted.",
                "Nothing: the run retries until it is gone and creates it again."));
        }

        if (!current.IsOurs && !ns.Adopt)
        {
            return new PlanStep(StepKind.Namespace, target, StepAction.Blocked, $"namespace {ns.Name} exists and is not ours", NotOwned(ns.Name, observed.Id));
        }

        if (!current.IsOurs)
        {
            return new PlanStep(StepKind.Namespace, target, StepAction.Update, $"namespace {ns.Name} exists unlabelled: adopt it (policy says adopt)");
        }

        return current.Satisfies(ns)
            ? new PlanStep(StepKind.Namespace, target, StepAction.None, $"namespace {ns.Name} present with our labels")
            : new PlanStep(StepKind.Namespace, target, StepAction.Update, $"namespace {ns.Name} labels or annotations differ from the policy: update them");
    }

    private static IEnumerable<PlanStep> PlanPrerequisites(DesiredAttachment a, ArmWorkspace workspace, ObservedCluster observed)
    {
        var principal = workspace.UserAssignedPrincipalId!;
        foreach (var p in a.WorkspacePrerequisites)
        {
            var scope = p.ScopeKind == PrerequisiteScope.Cluster ? p.Scope : observed.RelayNamespaceId;
            if (scope is null)
            {
                yield return new PlanStep(StepKind.PrerequisiteGrant, $"{p.Role.DisplayName} for the workspace identity on the Relay namespace", StepAction.Blocked,
                    "no Relay namespace in the cluster's resource group", new Diagnosis(
                        DiagnosisCodes.RelayNamespaceMissing,
                        $"Workspace {a.Workspace.Name} uses a user-assigned identity, which needs Azure Relay Owner on the Relay namespace the ML extension creates in {observed.Id.ResourceGroup}; none exists.",
                        "Check that the Azure ML extension installed completely on the Arc cluster (it creates the Relay namespace)."));
                continue;
            }

            var target = StepTargets.Prerequisite(p.Role, scope);
            yield return observed.HasAssignment(scope, p.Role.DefinitionGuid, principal)
                ? new PlanStep(StepKind.PrerequisiteGrant, target, StepAction.None, $"{p.Role.DisplayName} for the workspace identity present")
                : new PlanStep(StepKind.PrerequisiteGrant, target, StepAction.Create, $"{p.Role.DisplayName} for workspace {a.Workspace.Name}'s user-assigned identity on {StepTargets.ShortName(scope)} missing (needed before attach)");
        }
    }

    private static PlanStep PlanCompute(DesiredAttachment a, ArmCompute? existing)
    {
        var target = StepTargets.Compute(a);
        if (existing is null)
        {
            return new PlanStep(StepKind.Compute, target, StepAction.Create, $"compute {a.Key} missing: attach {a.Cluster.Name} in namespace {a.Namespace.Name}");
        }

        if (!existing.IsKubernetes)
        {
            return new PlanStep(StepKind.Compute, target, StepAction.Blocked, $"compute {a.Key} exists as {existing.ComputeType}", new Diagnosis(
                DiagnosisCodes.AttachFailed,
                $"The name {a.ComputeName} in workspace {a.Workspace.Name} is taken by a {existing.ComputeType} compute; the automation never overwrites it.",
                "Rename the attachment's compute in the policy, or remove the other compute."));
        }

        if (ComputeDrift.Collision(existing, a) is { } collision)
        {
            return new PlanStep(StepKind.Compute, target, StepAction.Blocked, collision.Message, collision);
        }

        var drift = ComputeDrift.Explain(existing, a);
        return drift is null
            ? new PlanStep(StepKind.Compute, target, StepAction.None, $"compute {a.Key} attached and Succeeded")
            : new PlanStep(StepKind.Compute, target, StepAction.Replace, drift);
    }

    private static string? ComputePrincipal(DesiredAttachment a, ArmCompute? unchanged, ObservedCluster observed)
    {
        if (a.Identity.Type == ComputeIdentityType.UserAssigned)
        {
            return a.Identity.UserAssignedIdentityId is { } id && observed.UserAssignedPrincipals.TryGetValue(id, out var principal) ? principal : null;
        }

        return unchanged?.SystemPrincipalId;
    }

    internal static Diagnosis NotOwned(string name, ClusterId cluster) => new(
        DiagnosisCodes.NamespaceNotOwned,
        $"Namespace {name} already exists on {cluster.Name} without the label {ManagedLabels.ManagedBy}={ManagedLabels.ManagedByValue}; the automation does not take over namespaces it did not create.",
        "Choose another namespace in the policy, or set namespaceOwnership.adopt (or namespace.adopt) to true to adopt it.");
}

/// <summary>A planned detach of a compute whose cluster was deleted, with what it acts on.</summary>
public sealed record CleanupStep(PlanStep Step, WorkspaceRef Workspace, string ComputeName);
