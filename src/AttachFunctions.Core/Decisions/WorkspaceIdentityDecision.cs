using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Decisions;

/// <summary>
/// Which workspace identity receives the cluster-level prerequisite roles of an attachment, decided once for the plan
/// (<see cref="Planning.Planner"/>) and for apply (the prerequisite ensure-step and the attach diagnoser).
/// <para>
/// Only the workspace's <c>primaryUserAssignedIdentity</c> is considered (never "the first" of its identities: a
/// workspace contributor can add identities), and only when its principal is on the deployment's allow-list
/// (<see cref="WorkspaceIdentityAllowList"/>) and, when the policy narrows it, on the attachment's list too. Anything
/// else is refused with a diagnosis and no grant; attach would fail without the roles, so the attachment is blocked.
/// </para>
/// <para>
/// A system-assigned workspace identity is outside this pinning: the service grants it the prerequisites itself when
/// the cluster is attached (Microsoft Learn, "Attach a Kubernetes cluster to Azure Machine Learning workspace": "The
/// steps are completed if the system assigned default setting is on"), so the automation grants it nothing.
/// </para>
/// </summary>
public static class WorkspaceIdentityDecision
{
    /// <param name="desired">The attachment (its workspace, and the policy's narrowing).</param>
    /// <param name="workspace">The workspace as ARM returns it now.</param>
    /// <param name="allowed">The deployment's allow-list (<c>Security__WorkspaceIdentityPrincipalIds</c>).</param>
    public static WorkspaceIdentityVerdict Decide(DesiredAttachment desired, ArmWorkspace workspace, WorkspaceIdentityAllowList allowed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(allowed);
        if (!workspace.UsesUserAssignedIdentity)
        {
            return WorkspaceIdentityVerdict.NotNeeded;
        }

        if (workspace.PrimaryUserAssignedIdentity is not { } primary)
        {
            return Refuse(Diagnoses.WorkspacePrimaryIdentityMissing(desired.Workspace));
        }

        if (workspace.PrimaryUserAssignedPrincipalId is not { } principal)
        {
            return Refuse(Diagnoses.WorkspacePrimaryIdentityUnknown(desired.Workspace, primary));
        }

        var narrowed = desired.WorkspaceIdentityPrincipalIds;
        var inPolicy = narrowed is null || narrowed.Any(p => Guid.TryParse(p, out var g) && Guid.TryParse(principal, out var q) && g == q);
        if (!allowed.Allows(principal))
        {
            return Refuse(narrowed is not null && inPolicy
                ? Diagnoses.WorkspaceIdentityWidenedByPolicy(desired.Workspace, primary, principal)
                : Diagnoses.WorkspaceIdentityNotAllowed(desired.Workspace, primary, principal));
        }

        if (!inPolicy)
        {
            return Refuse(Diagnoses.WorkspaceIdentityNotInPolicy(desired.Workspace, primary, principal));
        }

        return WorkspaceIdentityVerdict.Pinned(principal);
    }

    private static WorkspaceIdentityVerdict Refuse(Diagnosis diagnosis) =>
        new(null, StepDecision.Blocked(diagnosis, diagnosis.Message));
}

/// <summary>
/// What <see cref="WorkspaceIdentityDecision"/> decided: no prerequisites (system-assigned workspace), the one principal
/// that receives them, or a refusal (a blocked decision with its diagnosis; nothing is granted).
/// </summary>
public sealed record WorkspaceIdentityVerdict(string? PrincipalId, StepDecision? Refusal)
{
    public static WorkspaceIdentityVerdict NotNeeded { get; } = new(null, null);

    public bool IsRefused => Refusal is not null;

    public static WorkspaceIdentityVerdict Pinned(string principalId) => new(principalId, null);
}
