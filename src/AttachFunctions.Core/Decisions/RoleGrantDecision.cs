using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Decisions;

/// <summary>
/// The role grant steps: the roles a user-assigned workspace identity needs before attach (prerequisites) and the
/// roles the compute identity needs after it. A grant is created only when no assignment of the role to the principal
/// exists at or above the scope.
/// </summary>
public static class RoleGrantDecision
{
    /// <summary>The scope of a prerequisite: the cluster, or the Relay namespace the cluster's own ML extension uses (null when none).</summary>
    public static string? ScopeOf(DesiredPrerequisite prerequisite, string? relayNamespaceId)
    {
        ArgumentNullException.ThrowIfNull(prerequisite);
        return prerequisite.ScopeKind == Desired.PrerequisiteScope.Cluster ? prerequisite.Scope : relayNamespaceId;
    }

    /// <param name="desired">The attachment whose workspace identity needs the role.</param>
    /// <param name="prerequisite">The role and the kind of scope.</param>
    /// <param name="scope">The resolved scope (<see cref="ScopeOf"/>); null when the Relay namespace does not exist.</param>
    /// <param name="principalId">The workspace's user-assigned identity principal.</param>
    /// <param name="held">The principal's assignments at the scope; null when the scope does not exist.</param>
    public static StepDecision Prerequisite(
        DesiredAttachment desired, DesiredPrerequisite prerequisite, string? scope, string principalId, IReadOnlyList<ArmRoleAssignment>? held)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(prerequisite);
        if (scope is null)
        {
            return StepDecision.Blocked(Diagnoses.RelayNamespaceMissing(desired.Workspace, desired.Cluster), "the cluster's ML extension has no Relay namespace");
        }

        var role = prerequisite.Role;
        return Grant(
            role,
            scope,
            principalId,
            held,
            $"{role.DisplayName} for the workspace identity present",
            $"{role.DisplayName} for workspace {desired.Workspace.Name}'s user-assigned identity on {ShortName(scope)} missing (needed before attach)");
    }

    /// <param name="desired">The attachment whose compute identity needs the role.</param>
    /// <param name="grant">The role and scope.</param>
    /// <param name="principalId">The compute identity's principal; null when it is unknown.</param>
    /// <param name="principalPending">True when the compute is about to be attached (or attached again), so its principal is not known yet.</param>
    /// <param name="held">The principal's assignments at the scope; null when the scope does not exist.</param>
    public static StepDecision ComputeGrant(
        DesiredAttachment desired, DesiredGrant grant, string? principalId, bool principalPending, IReadOnlyList<ArmRoleAssignment>? held)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(grant);
        if (principalId is null)
        {
            return principalPending
                ? StepDecision.Create($"{grant.Describe()} for the compute identity: grant once the attach gives the identity")
                : StepDecision.Blocked(Diagnoses.ComputeIdentityMissing(desired.Key, grant.Role), $"compute {desired.Key} has no identity principal");
        }

        return Grant(grant.Role, grant.Scope, principalId, held, $"{grant.Describe()} present", $"{grant.Describe()} for the compute identity missing");
    }

    /// <summary>One role for one principal at one scope: allow-listed, the scope exists, present or missing.</summary>
    public static StepDecision Grant(BuiltInRole role, string scope, string principalId, IReadOnlyList<ArmRoleAssignment>? held, string presentReason, string missingReason)
    {
        ArgumentNullException.ThrowIfNull(role);
        if (RoleCatalog.FindByGuid(role.DefinitionGuid) is null)
        {
            return StepDecision.Blocked(Diagnoses.RoleNotAllowed(role.DisplayName), $"{role.DisplayName} is not on the allow-list");
        }

        if (held is null)
        {
            return StepDecision.Blocked(Diagnoses.GrantScopeNotFound(role, ShortName(scope)), $"{ShortName(scope)} does not exist");
        }

        return IsHeld(held, role, scope, principalId) ? StepDecision.None(presentReason) : StepDecision.Create(missingReason);
    }

    /// <summary>True when an assignment of the role to the principal exists at or above the scope.</summary>
    public static bool IsHeld(IEnumerable<ArmRoleAssignment> held, BuiltInRole role, string scope, string principalId)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(role);
        return held.Any(a => a.RoleGuid == role.DefinitionGuid &&
            string.Equals(a.PrincipalId, principalId, StringComparison.OrdinalIgnoreCase) &&
            Covers(a.Scope, scope));
    }

    /// <summary>An assignment at a scope applies to everything below it.</summary>
    public static bool Covers(string assignmentScope, string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (string.IsNullOrEmpty(assignmentScope))
        {
            return true;
        }

        var a = assignmentScope.TrimEnd('/');
        return a == "/" || scope.Equals(a, StringComparison.OrdinalIgnoreCase) ||
            scope.StartsWith(a + "/", StringComparison.OrdinalIgnoreCase);
    }

    private static string ShortName(string scope) => Planning.StepTargets.ShortName(scope);
}
