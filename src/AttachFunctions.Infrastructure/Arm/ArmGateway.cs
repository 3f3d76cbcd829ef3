using System.Text.Json.Nodes;
using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Errors;
using Azure.Core;

namespace AttachFunctions.Infrastructure.Arm;

/// <summary>The typed ARM surface of the product (see <see cref="IArmGateway"/>), speaking the REST contracts directly.</summary>
public sealed class ArmGateway : IArmGateway
{
    private const string RoleAssignments = "providers/Microsoft.Authorization/roleAssignments";
    private readonly ArmHttp _http;

    public ArmGateway(ArmHttp http)
    {
        _http = http;
    }

    public async Task<ArmCluster?> GetClusterAsync(ClusterId cluster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var node = await _http.GetOrNullAsync(cluster.Id, ClusterApiVersion(cluster.Kind), ct);
        return node is null ? null : ArmCluster.From(node);
    }

    public async Task<IReadOnlyList<ArmCluster>> ListClustersAsync(string subscriptionId, CancellationToken ct)
    {
        var aks = await _http.ListAsync($"/subscriptions/{subscriptionId}/providers/{ClusterId.AksResourceType}", ArmApiVersions.ContainerService, ct);
        var arc = await _http.ListAsync($"/subscriptions/{subscriptionId}/providers/{ClusterId.ArcResourceType}", ArmApiVersions.ConnectedClusters, ct);
        return aks.Concat(arc).Select(ArmCluster.From).OfType<ArmCluster>().ToArray();
    }

    public async Task<byte[]> ListClusterUserCredentialAsync(ClusterId cluster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Kind != ClusterKind.Aks)
        {
            throw new InvalidOperationException("Only AKS clusters hand out a kubeconfig through listClusterUserCredential.");
        }

        var result = await _http.SendAsync(RequestMethod.Post, $"{cluster.Id}/listClusterUserCredential", ArmApiVersions.ContainerService, null, ct);
        var value = result.Body?["kubeconfigs"]?[0]?["value"]?.GetValue<string>()
            ?? throw new ArmRequestException(result.Status, "NoKubeconfig", "listClusterUserCredential returned no kubeconfig.");
        return Convert.FromBase64String(value);
    }

    public async Task<IReadOnlyList<ArmExtension>> ListExtensionsAsync(ClusterId cluster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var items = await _http.ListAsync($"{cluster.Id}/providers/{ClusterId.ExtensionResourceType}", ArmApiVersions.KubernetesConfiguration, ct);
        return items.Select(ArmExtension.From).ToArray();
    }

    public async Task<ArmManagedNamespace?> GetManagedNamespaceAsync(ClusterId cluster, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var node = await _http.GetOrNullAsync($"{cluster.Id}/managedNamespaces/{name}", ArmApiVersions.ContainerService, ct);
        return node is null ? null : ArmManagedNamespace.From(node);
    }

    public async Task<ArmManagedNamespace> PutManagedNamespaceAsync(
        ClusterId cluster, string name, string location, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, bool adopt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var body = new JsonObject
        {
            ["location"] = location,
            ["properties"] = new JsonObject
            {
                ["labels"] = ToJson(labels),
                ["annotations"] = ToJson(annotations),
                // Never overwrite a namespace someone else made unless the policy says adopt (adoptionPolicy in azure-rest-api-specs
                // specification/containerservice/resource-manager/Microsoft.ContainerService/aks/ManagedNamespace.tsp).
                ["adoptionPolicy"] = adopt ? "Always" : "Never",
                // Removing the ARM resource must not delete the namespace and the workloads in it.
                ["deletePolicy"] = "Keep",
            },
        };
        var path = $"{cluster.Id}/managedNamespaces/{name}";
        var result = await _http.SendAsync(RequestMethod.Put, path, ArmApiVersions.ContainerService, body, ct);
        if (result.AsyncOperation is not null || result.Location is not null)
        {
            // Long-running (ArmResourceCreateOrReplaceAsync in aks/ManagedNamespace.tsp): polled to its end, honouring
            // Retry-After, within Arm:LongRunningTimeout. A failed operation is reported with its own error, never a status
            // of our making.
            var operation = await _http.WaitAsync(result, ct);
            if (!operation.Succeeded)
            {
                throw new ArmOperationFailedException("PUT", path, operation);
            }
        }

        return await GetManagedNamespaceAsync(cluster, name, ct) ?? ArmManagedNamespace.From(result.Body);
    }

    public async Task<ArmWorkspace?> GetWorkspaceAsync(WorkspaceRef workspace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var node = await _http.GetOrNullAsync(workspace.Id, ArmApiVersions.MachineLearning, ct);
        return node is null ? null : ArmWorkspace.From(node);
    }

    public async Task<IReadOnlyList<ArmCompute>> ListComputesAsync(WorkspaceRef workspace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var items = await _http.ListAsync($"{workspace.Id}/computes", ArmApiVersions.MachineLearning, ct);
        return items.Select(ArmCompute.From).ToArray();
    }

    public async Task<ArmCompute?> GetComputeAsync(WorkspaceRef workspace, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var node = await _http.GetOrNullAsync(workspace.ComputeId(name), ArmApiVersions.MachineLearning, ct);
        return node is null ? null : ArmCompute.From(node);
    }

    public async Task<(LongRunningResult Operation, ArmCompute? Compute)> CreateComputeAsync(WorkspaceRef workspace, string name, JsonObject body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var result = await _http.SendAsync(RequestMethod.Put, workspace.ComputeId(name), ArmApiVersions.MachineLearning, body, ct);
        var operation = await _http.WaitAsync(result, ct);
        var compute = await GetComputeAsync(workspace, name, ct);
        return (operation, compute);
    }

    public async Task<bool> DetachComputeAsync(WorkspaceRef workspace, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var result = await _http.SendAsync(
            RequestMethod.Delete, workspace.ComputeId(name), ArmApiVersions.MachineLearning, null, ct, allowNotFound: true, ("underlyingResourceAction", "Detach"));
        if (result.Status is 204 or 404)
        {
            return false;
        }

        var operation = await _http.WaitAsync(result, ct);
        if (!operation.Succeeded)
        {
            throw new ArmRequestException(409, operation.ErrorCode ?? "DetachFailed", operation.ErrorMessage ?? $"detach of {name} ended {operation.Status}", "DELETE", workspace.ComputeId(name));
        }

        return true;
    }

    public async Task<IReadOnlyList<ArmRoleAssignment>> ListRoleAssignmentsAtScopeAsync(string scope, CancellationToken ct)
    {
        var items = await _http.ListAsync($"{scope}/{RoleAssignments}", ArmApiVersions.Authorization, ct, ("$filter", "atScope()"));
        return items.Select(ArmRoleAssignment.From).OfType<ArmRoleAssignment>().ToArray();
    }

    public async Task<IReadOnlyList<ArmRoleAssignment>> ListRoleAssignmentsForPrincipalAsync(string scope, string principalId, CancellationToken ct)
    {
        var items = await _http.ListAsync($"{scope}/{RoleAssignments}", ArmApiVersions.Authorization, ct, ("$filter", $"principalId eq '{principalId}'"));
        return items.Select(ArmRoleAssignment.From).OfType<ArmRoleAssignment>().ToArray();
    }

    public async Task<bool> PutRoleAssignmentAsync(string scope, Guid name, Guid roleGuid, string principalId, CancellationToken ct)
    {
        var subscription = new ResourceIdentifier(scope).SubscriptionId;
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["roleDefinitionId"] = $"/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{roleGuid:D}",
                ["principalId"] = principalId,
                // Always explicit: the default is User, which fails for a fresh managed identity and under the ABAC condition.
                ["principalType"] = "ServicePrincipal",
                ["description"] = "Granted by AttachFunctions",
            },
        };
        var result = await _http.SendAsync(RequestMethod.Put, $"{scope}/{RoleAssignments}/{name:D}", ArmApiVersions.Authorization, body, ct);
        return result.Status == 201;
    }

    public async Task<IReadOnlyList<string>> ListRelayNamespacesAsync(string subscriptionId, string resourceGroup, CancellationToken ct)
    {
        var items = await _http.ListAsync($"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Relay/namespaces", ArmApiVersions.Relay, ct);
        return items.Select(i => i["id"]?.GetValue<string>()).OfType<string>().ToArray();
    }

    public async Task<string?> GetUserAssignedIdentityPrincipalAsync(string identityId, CancellationToken ct)
    {
        var node = await _http.GetOrNullAsync(identityId, ArmApiVersions.ManagedIdentity, ct);
        return node?["properties"]?["principalId"]?.GetValue<string>();
    }

    private static string ClusterApiVersion(ClusterKind kind) =>
        kind == ClusterKind.Aks ? ArmApiVersions.ContainerService : ArmApiVersions.ConnectedClusters;

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            obj[k] = v;
        }

        return obj;
    }
}
