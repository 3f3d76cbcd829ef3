using System.Collections.Concurrent;
using AttachFunctions.Core.Arm;
using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Desired;

namespace AttachFunctions.Core.Reconciliation;

/// <summary>
/// Reads shared by the clusters of one run, made once: each workspace (GET + one LIST of its computes) and each
/// role-assignment scope (one LIST). A fleet check therefore reads W workspaces and S scopes once, plus a few reads
/// per cluster: reads grow with clusters + workspaces, not clusters × workspaces. Create one per run; writes made in
/// the run are recorded with <see cref="Forget"/> so later reads see them.
/// </summary>
public sealed class ObservationCache
{
    private readonly IArmGateway _arm;
    private readonly ConcurrentDictionary<string, Lazy<Task<ArmWorkspace?>>> _workspaces = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ArmCompute>>>> _computes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ArmRoleAssignment>>>> _assignments = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> _relays = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _identities = new(StringComparer.OrdinalIgnoreCase);

    public ObservationCache(IArmGateway arm)
    {
        _arm = arm;
    }

    public Task<ArmWorkspace?> WorkspaceAsync(WorkspaceRef workspace, CancellationToken ct) =>
        Once(_workspaces, workspace.Id, () => _arm.GetWorkspaceAsync(workspace, ct));

    public Task<IReadOnlyList<ArmCompute>> ComputesAsync(WorkspaceRef workspace, CancellationToken ct) =>
        Once(_computes, workspace.Id, () => _arm.ListComputesAsync(workspace, ct));

    /// <summary>Role assignments at or above <paramref name="scope"/>.</summary>
    public Task<IReadOnlyList<ArmRoleAssignment>> AssignmentsAsync(string scope, CancellationToken ct) =>
        Once(_assignments, scope, () => _arm.ListRoleAssignmentsAtScopeAsync(scope, ct));

    public Task<IReadOnlyList<string>> RelayNamespacesAsync(string subscriptionId, string resourceGroup, CancellationToken ct) =>
        Once(_relays, $"{subscriptionId}/{resourceGroup}", () => _arm.ListRelayNamespacesAsync(subscriptionId, resourceGroup, ct));

    /// <summary>The principal id of a user-assigned identity (null when it does not exist).</summary>
    public Task<string?> IdentityPrincipalAsync(string identityId, CancellationToken ct) =>
        Once(_identities, identityId, () => _arm.GetUserAssignedIdentityPrincipalAsync(identityId, ct));

    /// <summary>Drops what a write changed, so the next read goes to ARM again.</summary>
    public void Forget(WorkspaceRef? workspace = null, string? scope = null)
    {
        if (workspace is not null)
        {
            _computes.TryRemove(workspace.Id, out _);
        }

        if (scope is not null)
        {
            _assignments.TryRemove(scope, out _);
        }
    }

    private static async Task<T> Once<T>(ConcurrentDictionary<string, Lazy<Task<T>>> map, string key, Func<Task<T>> read)
    {
        var lazy = map.GetOrAdd(key, _ => new Lazy<Task<T>>(read));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            map.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(key, lazy));
            throw;
        }
    }
}
