using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Kubernetes;

namespace AttachFunctions.Core.Reconciliation;

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
    /// <summary>True when an assignment of <paramref name="roleGuid"/> to <paramref name="principalId"/> exists at or above <paramref name="scope"/>.</summary>
    public bool HasAssignment(string scope, Guid roleGuid, string principalId) =>
        AssignmentsByScope.TryGetValue(scope, out var list) &&
        list.Any(a => a.RoleGuid == roleGuid && string.Equals(a.PrincipalId, principalId, StringComparison.OrdinalIgnoreCase) && Covers(a.Scope, scope));

    /// <summary>An assignment at a scope applies to everything below it.</summary>
    internal static bool Covers(string assignmentScope, string scope)
    {
        if (string.IsNullOrEmpty(assignmentScope))
        {
            return true;
        }

        var a = assignmentScope.TrimEnd('/');
        return a == "/" || scope.Equals(a, StringComparison.OrdinalIgnoreCase) ||
            scope.StartsWith(a + "/", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A workspace and its computes (one LIST), keyed by compute name case-insensitively.</summary>
public sealed record ObservedWorkspace(Desired.WorkspaceRef Ref, ArmWorkspace? Workspace, IReadOnlyDictionary<string, ArmCompute> Computes);
