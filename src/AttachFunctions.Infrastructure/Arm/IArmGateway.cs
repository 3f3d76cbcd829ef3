using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;

namespace AttachFunctions.Infrastructure.Arm;

/// <summary>Every ARM call the product makes, typed. One implementation (<see cref="ArmGateway"/>) over <see cref="ArmHttp"/>.</summary>
public interface IArmGateway
{
    Task<ArmCluster?> GetClusterAsync(ClusterId cluster, CancellationToken ct);

    /// <summary>Lists AKS and Arc clusters in a subscription (one LIST per type, following nextLink).</summary>
    Task<IReadOnlyList<ArmCluster>> ListClustersAsync(string subscriptionId, CancellationToken ct);

    /// <summary>The cluster user kubeconfig (AKS). A secret: never log or return it.</summary>
    Task<byte[]> ListClusterUserCredentialAsync(ClusterId cluster, CancellationToken ct);

    Task<IReadOnlyList<ArmExtension>> ListExtensionsAsync(ClusterId cluster, CancellationToken ct);

    Task<ArmManagedNamespace?> GetManagedNamespaceAsync(ClusterId cluster, string name, CancellationToken ct);

    /// <summary>
    /// PUT an AKS managed namespace and wait for its operation to end; throws <see cref="ArmOperationFailedException"/>
    /// with the operation's error when it ends Failed or Canceled.
    /// </summary>
    Task<ArmManagedNamespace> PutManagedNamespaceAsync(
        ClusterId cluster, string name, string location, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, bool adopt, CancellationToken ct);

    Task<ArmWorkspace?> GetWorkspaceAsync(WorkspaceRef workspace, CancellationToken ct);

    Task<IReadOnlyList<ArmCompute>> ListComputesAsync(WorkspaceRef workspace, CancellationToken ct);

    Task<ArmCompute?> GetComputeAsync(WorkspaceRef workspace, string name, CancellationToken ct);

    /// <summary>PUT the compute and wait for the long-running operation; returns how it ended and the compute after it.</summary>
    Task<(LongRunningResult Operation, ArmCompute? Compute)> CreateComputeAsync(WorkspaceRef workspace, string name, System.Text.Json.Nodes.JsonObject body, CancellationToken ct);

    /// <summary>DELETE with <c>underlyingResourceAction=Detach</c> (the cluster is kept) and wait; true when something was detached.</summary>
    Task<bool> DetachComputeAsync(WorkspaceRef workspace, string name, CancellationToken ct);

    /// <summary>Role assignments at or above a scope (<c>$filter=atScope()</c>).</summary>
    Task<IReadOnlyList<ArmRoleAssignment>> ListRoleAssignmentsAtScopeAsync(string scope, CancellationToken ct);

    /// <summary>Role assignments of one principal at, above or below a scope (<c>$filter=principalId eq '...'</c>).</summary>
    Task<IReadOnlyList<ArmRoleAssignment>> ListRoleAssignmentsForPrincipalAsync(string scope, string principalId, CancellationToken ct);

    /// <summary>PUT a role assignment with <c>principalType: ServicePrincipal</c> under a deterministic name; true when created.</summary>
    Task<bool> PutRoleAssignmentAsync(string scope, Guid name, Guid roleGuid, string principalId, CancellationToken ct);

    /// <summary>Relay namespaces in a resource group (the ML extension creates one on Arc clusters).</summary>
    Task<IReadOnlyList<string>> ListRelayNamespacesAsync(string subscriptionId, string resourceGroup, CancellationToken ct);

    /// <summary>The principal id of a user-assigned identity, or null when it does not exist.</summary>
    Task<string?> GetUserAssignedIdentityPrincipalAsync(string identityId, CancellationToken ct);
}
