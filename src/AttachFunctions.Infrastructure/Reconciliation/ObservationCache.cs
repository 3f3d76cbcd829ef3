using System.Collections.Concurrent;
using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Desired;
using AttachFunctions.Infrastructure.Arm;

namespace AttachFunctions.Infrastructure.Reconciliation;

/// <summary>
/// Reads shared by the clusters of one run, made once: each workspace (GET + one LIST of its computes) and each
/// role-assignment scope (one LIST). A fleet check therefore reads W workspaces and S scopes once, plus a few reads
/// per cluster: reads grow with clusters + workspaces, not clusters × workspaces. Create one per run; writes made in
/// the run are recorded with <see cref="Forget"/> so later reads see them.
/// <para>
/// With a time to live, one cache can also serve the plan activities of many durable runs in one process (a drift run
/// fans out one run per cluster): reads older than the TTL are made again. A plan is advisory, since every ensure-step
/// re-reads what it changes, so a stale entry can at worst delay a repair until the next run, never cause a wrong write.
/// </para>
/// </summary>
public sealed class ObservationCache
{
    private readonly IArmGateway _arm;
    private readonly TimeProvider _time;
    private readonly TimeSpan? _ttl;
    private readonly ConcurrentDictionary<string, Entry<ArmWorkspace?>> _workspaces = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Entry<IReadOnlyList<ArmCompute>>> _computes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Entry<IReadOnlyList<ArmRoleAssignment>>> _assignments = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Entry<IReadOnlyList<string>>> _relays = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Entry<string?>> _identities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A cache for one run: every read is made once.</summary>
    public ObservationCache(IArmGateway arm)
        : this(arm, TimeProvider.System, null)
    {
    }

    /// <summary>A cache shared by runs: reads older than <paramref name="ttl"/> are made again.</summary>
    public ObservationCache(IArmGateway arm, TimeProvider time, TimeSpan? ttl)
    {
        _arm = arm;
        _time = time;
        _ttl = ttl;
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

    private async Task<T> Once<T>(ConcurrentDictionary<string, Entry<T>> map, string key, Func<Task<T>> read)
    {
        var now = _time.GetUtcNow();
        var entry = map.AddOrUpdate(
            key,
            _ => new Entry<T>(new Lazy<Task<T>>(read), now),
            (_, existing) => _ttl is { } ttl && now - existing.ReadAt > ttl ? new Entry<T>(new Lazy<Task<T>>(read), now) : existing);
        try
        {
            return await entry.Value.Value;
        }
        catch
        {
            map.TryRemove(new KeyValuePair<string, Entry<T>>(key, entry));
            throw;
        }
    }

    private sealed record Entry<T>(Lazy<Task<T>> Value, DateTimeOffset ReadAt);
}
