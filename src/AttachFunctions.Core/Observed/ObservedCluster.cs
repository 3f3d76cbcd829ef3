using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;

namespace AttachFunctions.Core.Observed;

/// <summary>What exists for one cluster, read before planning.</summary>
public sealed record ObservedCluster(
    ClusterId Id,
    ArmCluster? Cluster,
    ArmExtension? MlExtension,
    IReadOnlyDictionary<string, ObservedWorkspace> Workspaces,
    IReadOnlyDictionary<string, ObservedNamespace?> Namespaces,
    IReadOnlyDictionary<string, Diagnostics.Diagnosis> NamespaceAccessIssues,
    IReadOnlyDictionary<string, IReadOnlyList<ArmRoleAssignment>> AssignmentsByScope,
    IReadOnlyDictionary<string, string?> UserAssignedPrincipals,
    string? RelayNamespaceId)
{
    /// <summary>Grant scopes that do not exist (their role assignment LIST answered 404).</summary>
    public IReadOnlySet<string> MissingScopes { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when an assignment of <paramref name="roleGuid"/> to <paramref name="principalId"/> exists at or above <paramref name="scope"/>.</summary>
    public bool HasAssignment(string scope, Guid roleGuid, string principalId) =>
        AssignmentsByScope.TryGetValue(scope, out var list) &&
        list.Any(a => a.RoleGuid == roleGuid && string.Equals(a.PrincipalId, principalId, StringComparison.OrdinalIgnoreCase) && Decisions.RoleGrantDecision.Covers(a.Scope, scope));

    /// <summary>The role assignments read at a scope (empty when it was not read); null when the scope does not exist.</summary>
    public IReadOnlyList<ArmRoleAssignment>? AssignmentsAt(string scope) =>
        MissingScopes.Contains(scope) ? null : AssignmentsByScope.TryGetValue(scope, out var list) ? list : [];
}

/// <summary>A workspace and its computes (one LIST), keyed by compute name case-insensitively.</summary>
public sealed record ObservedWorkspace(Desired.WorkspaceRef Ref, ArmWorkspace? Workspace, IReadOnlyDictionary<string, ArmCompute> Computes);
