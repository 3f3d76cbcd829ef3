using System.Text.Json.Nodes;

namespace AttachFunctions.Infra.Tests;

/// <summary>
/// The parameter set the tests deploy main.bicep with (on paper), and the values only a deployment knows (the
/// automation's principal id, the module outputs), fixed here so that conditions and settings resolve completely.
/// </summary>
public static class TestDeployment
{
    public const string Subscription = "11111111-1111-1111-1111-111111111111";
    public const string TenantId = "22222222-2222-2222-2222-222222222222";
    public const string LoginEndpoint = "https://login.example/";

    public static readonly Guid Automation = Guid.Parse("a0a0a0a0-0000-4000-8000-000000000001");
    public static readonly Guid WorkspaceIdentity = Guid.Parse("b0b0b0b0-0000-4000-8000-000000000002");
    public static readonly Guid OtherWorkspaceIdentity = Guid.Parse("b0b0b0b0-0000-4000-8000-000000000003");
    public static readonly Guid ComputeIdentity = Guid.Parse("c0c0c0c0-0000-4000-8000-000000000004");
    public static readonly Guid UnknownServicePrincipal = Guid.Parse("d0d0d0d0-0000-4000-8000-000000000005");

    public const string ClusterGroup = $"/subscriptions/{Subscription}/resourceGroups/rg-clusters";
    public const string Cluster = $"{ClusterGroup}/providers/Microsoft.ContainerService/managedClusters/aks-1";
    public const string RelayNamespace = $"{ClusterGroup}/providers/Microsoft.Relay/namespaces/relay-1";
    public const string SharedGroup = $"/subscriptions/{Subscription}/resourceGroups/rg-shared";
    public const string Registry = $"{SharedGroup}/providers/Microsoft.ContainerRegistry/registries/acr1";
    public const string UnlistedRegistry = $"{SharedGroup}/providers/Microsoft.ContainerRegistry/registries/acr2";
    public const string StorageAccount = $"{SharedGroup}/providers/Microsoft.Storage/storageAccounts/stml1";
    public const string StorageContainer = $"{StorageAccount}/blobServices/default/containers/data";
    public const string UnlistedStorageAccount = $"{SharedGroup}/providers/Microsoft.Storage/storageAccounts/stml2";
    public const string OtherGroup = $"/subscriptions/{Subscription}/resourceGroups/rg-other";
    public const string OtherGroupCluster = $"{OtherGroup}/providers/Microsoft.ContainerService/managedClusters/aks-9";

    /// <summary>The standard parameter set: one cluster group, two workspace identities, one registry and one storage account.</summary>
    public static Dictionary<string, JsonNode?> Parameters(Action<Dictionary<string, JsonNode?>>? change = null)
    {
        var parameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["environmentName"] = "test",
            ["location"] = "westeurope",
            ["eventSubscriptionIds"] = new JsonArray(Subscription),
            ["clusterResourceGroupIds"] = new JsonArray(ClusterGroup),
            ["workspaceIdentityPrincipalIds"] = new JsonArray(WorkspaceIdentity.ToString(), OtherWorkspaceIdentity.ToString()),
            ["computeGrantScopeIds"] = new JsonArray(Registry, StorageAccount),
            ["$tenant"] = new JsonObject { ["tenantId"] = TenantId },
            ["$environment"] = new JsonObject
            {
                ["resourceManager"] = "https://management.example/",
                ["authentication"] = new JsonObject { ["loginEndpoint"] = LoginEndpoint },
            },
            ["$outputs:identity"] = new JsonObject
            {
                ["automationPrincipalId"] = Automation.ToString(),
                ["automationClientId"] = "e0e0e0e0-0000-4000-8000-000000000006",
                ["automationIdentityId"] = $"/subscriptions/{Subscription}/resourceGroups/rg-test/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-test",
                ["deliveryIdentityId"] = $"/subscriptions/{Subscription}/resourceGroups/rg-test/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-test-events",
                ["deliveryPrincipalId"] = "f0f0f0f0-0000-4000-8000-000000000007",
            },
            ["$outputs:storage"] = new JsonObject
            {
                ["storageAccountId"] = $"/subscriptions/{Subscription}/resourceGroups/rg-test/providers/Microsoft.Storage/storageAccounts/sttest",
                ["storageAccountName"] = "sttest",
                ["eventQueueName"] = "cluster-events",
                ["deadLetterContainerName"] = "deadletter",
            },
            ["$outputs:storage-content"] = new JsonObject
            {
                ["storageAccountName"] = "stcfgtest",
                ["blobEndpoint"] = "https://stcfgtest.blob.example/",
                ["deploymentContainerName"] = "app-package",
                ["policyContainerName"] = "policy",
            },
            ["$outputs:functionapp"] = new JsonObject
            {
                ["functionAppName"] = "func-test",
                ["defaultHostName"] = "func-test.example",
            },
        };
        change?.Invoke(parameters);
        return parameters;
    }

    /// <summary>Every module deployment of <paramref name="root"/> for the given parameters.</summary>
    public static IReadOnlyList<DeployedModule> Modules(JsonObject root, IReadOnlyDictionary<string, JsonNode?> parameters) =>
        DeployedModule.Expand(root, parameters, Subscription);
}
