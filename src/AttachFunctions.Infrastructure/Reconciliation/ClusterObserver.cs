using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Observed;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Kubernetes;

namespace AttachFunctions.Infrastructure.Reconciliation;

/// <summary>
/// Reads everything a plan for one cluster needs, with list calls where ARM offers them: the extensions (one LIST),
/// each workspace's computes (one LIST per workspace, shared through <see cref="ObservationCache"/>), role
/// assignments per scope (one LIST per scope), and the desired namespaces.
/// </summary>
public sealed class ClusterObserver
{
    private readonly IArmGateway _arm;
    private readonly INamespaceGatewayFactory _namespaces;
    private readonly ArmCluster? _firstRead;

    public ClusterObserver(IArmGateway arm, INamespaceGatewayFactory namespaces)
        : this(arm, namespaces, null)
    {
    }

    private ClusterObserver(IArmGateway arm, INamespaceGatewayFactory namespaces, ArmCluster? firstRead)
    {
        _arm = arm;
        _namespaces = namespaces;
        _firstRead = firstRead;
    }

    /// <summary>
    /// The first read of a run: the cluster GET alone (null on 404). A caller that must stay cheap for a cluster that
    /// does not exist stops here; otherwise it continues with <see cref="WithFirstRead"/> so the cluster is not read twice.
    /// </summary>
    public Task<ArmCluster?> ReadClusterAsync(Core.Clusters.ClusterId id, CancellationToken ct) => _arm.GetClusterAsync(id, ct);

    /// <summary>An observer for one run that answers <see cref="ObserveClusterAsync"/> for this cluster from the read already made.</summary>
    public ClusterObserver WithFirstRead(ArmCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new ClusterObserver(_arm, _namespaces, cluster);
    }

    /// <summary>Reads the cluster itself and its extensions; the cluster is null when it does not exist.</summary>
    public async Task<(ArmCluster? Cluster, ArmExtension? MlExtension)> ObserveClusterAsync(Core.Clusters.ClusterId id, CancellationToken ct)
    {
        var cluster = _firstRead is not null && _firstRead.Id == id ? _firstRead : await _arm.GetClusterAsync(id, ct);
        if (cluster is null)
        {
            return (null, null);
        }

        var extensions = await _arm.ListExtensionsAsync(id, ct);
        var ml = extensions.Where(e => e.IsAzureMl).OrderByDescending(e => e.IsSucceeded).FirstOrDefault();
        return (cluster, ml);
    }

    public async Task<ObservedCluster> ObserveAsync(DesiredClusterState desired, ArmCluster? cluster, ArmExtension? extension, ObservationCache cache, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(cache);
        var id = desired.Cluster.Id;

        var workspaces = new Dictionary<string, ObservedWorkspace>(StringComparer.OrdinalIgnoreCase);
        foreach (var workspace in desired.Workspaces)
        {
            var ws = await cache.WorkspaceAsync(workspace, ct);
            var computes = ws is null ? [] : await cache.ComputesAsync(workspace, ct);
            workspaces[workspace.Id] = new ObservedWorkspace(
                workspace,
                ws,
                computes.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase));
        }

        var namespaces = new Dictionary<string, ObservedNamespace?>(StringComparer.Ordinal);
        var namespaceIssues = new Dictionary<string, Diagnosis>(StringComparer.Ordinal);
        if (cluster is not null)
        {
            foreach (var ns in desired.Attachments.Select(a => a.Namespace).DistinctBy(n => n.Name))
            {
                try
                {
                    var gateway = await _namespaces.ForAsync(desired.Cluster, ns, ct);
                    namespaces[ns.Name] = await gateway.GetAsync(ns.Name, ct);
                }
                catch (DiagnosedException ex)
                {
                    namespaceIssues[ns.Name] = ex.Diagnosis;
                }
                catch (KubernetesRequestException ex) when (ex.Status is 401 or 403)
                {
                    namespaceIssues[ns.Name] = AccessDenied(desired, ns, ex);
                }
            }
        }

        var principals = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var uai in desired.Attachments.Select(a => a.Identity.UserAssignedIdentityId).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            principals[uai] = await cache.IdentityPrincipalAsync(uai, ct);
        }

        string? relay = null;
        var needsRelay = id.Kind == Core.Clusters.ClusterKind.Arc && workspaces.Values.Any(w => w.Workspace?.UsesUserAssignedIdentity == true);
        if (needsRelay && cluster is not null)
        {
            relay = await RelayDiscovery.FindAsync(extension, (sub, rg) => cache.RelayNamespacesAsync(sub, rg, ct));
        }

        var scopes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (workspaces.Values.Any(w => w.Workspace?.UsesUserAssignedIdentity == true) && cluster is not null)
        {
            scopes.Add(id.Id);
            if (relay is not null)
            {
                scopes.Add(relay);
            }
        }

        foreach (var grant in desired.Attachments.SelectMany(a => a.ComputeGrants))
        {
            scopes.Add(grant.Scope);
        }

        var assignments = new Dictionary<string, IReadOnlyList<ArmRoleAssignment>>(StringComparer.OrdinalIgnoreCase);
        var missingScopes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var scope in scopes.Order(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                assignments[scope] = await cache.AssignmentsAsync(scope, ct);
            }
            catch (ArmRequestException ex) when (ex.Status == 404)
            {
                // The scope (a registry or storage account) does not exist; the plan reports it on the grant step.
                assignments[scope] = [];
                missingScopes.Add(scope);
            }
        }

        return new ObservedCluster(id, cluster, extension, workspaces, namespaces, namespaceIssues, assignments, principals, relay)
        {
            MissingScopes = missingScopes,
        };
    }

    private static Diagnosis AccessDenied(DesiredClusterState desired, DesiredNamespace ns, KubernetesRequestException ex) =>
        Diagnoses.ClusterAccessDenied(desired.Cluster.Id, ns.Name, ex.Status, ex.Reason, ns.Access);
}
