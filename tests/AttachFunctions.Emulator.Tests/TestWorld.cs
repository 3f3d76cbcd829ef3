using System.Text.Json.Nodes;
using AttachFunctions.Emulator;

namespace AttachFunctions.Emulator.Tests;

/// <summary>A small world for tests, with well-known ids.</summary>
internal static class TestWorld
{
    public const string Tenant = "aaaaaaaa-0000-0000-0000-000000000001";
    public const string Sub = "11111111-1111-1111-1111-111111111111";
    public const string OtherSub = "22222222-2222-2222-2222-222222222222";
    public const string Caller = "55555555-0000-0000-0000-000000000001";
    public const string UaiPrincipal = "33333333-0000-0000-0000-000000000001";
    public const string ExistingPrincipal = "66666666-0000-0000-0000-000000000001";

    public static readonly string AksEntra = EmulatorIds.ManagedCluster(Sub, "rg-aks", "aks-entra");
    public static readonly string AksLocal = EmulatorIds.ManagedCluster(Sub, "rg-aks", "aks-local");
    public static readonly string AksNoExtension = EmulatorIds.ManagedCluster(Sub, "rg-aks", "aks-noext");
    public static readonly string AksCreating = EmulatorIds.ManagedCluster(Sub, "rg-aks", "aks-creating");
    public static readonly string AksOtherSub = EmulatorIds.ManagedCluster(OtherSub, "rg-other", "aks-other");
    public static readonly string Arc = EmulatorIds.ConnectedCluster(Sub, "rg-arc", "arc-1");
    public static readonly string WsSystem = EmulatorIds.Workspace(Sub, "rg-ml", "ws-research");
    public static readonly string WsUser = EmulatorIds.Workspace(Sub, "rg-ml", "ws-prod");
    public static readonly string Uai = EmulatorIds.UserAssignedIdentity(Sub, "rg-ml", "id-ws-prod");
    public static readonly string Relay = $"{EmulatorIds.ResourceGroup(Sub, "rg-arc")}/providers/Microsoft.Relay/namespaces/relay-arc-1";

    private static readonly ExtensionSpec MlExtension = new() { Name = "azureml" };

    public static EmulatorScenario Scenario(KnobsSpec? knobs = null) => new()
    {
        TenantId = Tenant,
        Subscriptions =
        [
            new SubscriptionSpec { Id = Sub, ResourceGroups = [new ResourceGroupSpec { Name = "rg-ml" }] },
            new SubscriptionSpec { Id = OtherSub },
        ],
        Clusters =
        [
            new ClusterSpec { SubscriptionId = Sub, ResourceGroup = "rg-aks", Name = "aks-entra", Tags = new Dictionary<string, string> { ["ml"] = "enabled" }, Extensions = [MlExtension] },
            new ClusterSpec { SubscriptionId = Sub, ResourceGroup = "rg-aks", Name = "aks-local", EntraIntegrated = false, Extensions = [MlExtension] },
            new ClusterSpec { SubscriptionId = Sub, ResourceGroup = "rg-aks", Name = "aks-noext" },
            new ClusterSpec
            {
                SubscriptionId = Sub, ResourceGroup = "rg-aks", Name = "aks-creating",
                Extensions = [MlExtension with { ProvisioningState = "Creating", Then = "Succeeded", AfterSeconds = 20 }],
            },
            new ClusterSpec { SubscriptionId = OtherSub, ResourceGroup = "rg-other", Name = "aks-other", Extensions = [MlExtension] },
            new ClusterSpec
            {
                Kind = ClusterKind.Arc, SubscriptionId = Sub, ResourceGroup = "rg-arc", Name = "arc-1", Extensions = [MlExtension with { RelayNamespace = "relay-arc-1" }],
                Namespaces = [new NamespaceSpec { Name = "team-edge", Labels = new Dictionary<string, string> { ["team"] = "edge" } }],
            },
        ],
        Workspaces =
        [
            new WorkspaceSpec { SubscriptionId = Sub, ResourceGroup = "rg-ml", Name = "ws-research" },
            new WorkspaceSpec { SubscriptionId = Sub, ResourceGroup = "rg-ml", Name = "ws-prod", IdentityType = "UserAssigned", UserAssignedIdentityId = Uai },
        ],
        UserAssignedIdentities =
        [
            new UserAssignedIdentitySpec { SubscriptionId = Sub, ResourceGroup = "rg-ml", Name = "id-ws-prod", PrincipalId = UaiPrincipal, ClientId = "33333333-0000-0000-0000-0000000000c1" },
        ],
        RelayNamespaces = [new ResourceSpec { SubscriptionId = Sub, ResourceGroup = "rg-arc", Name = "relay-arc-1" }],
        Registries = [new ResourceSpec { SubscriptionId = Sub, ResourceGroup = "rg-ml", Name = "crml" }],
        StorageAccounts = [new ResourceSpec { SubscriptionId = Sub, ResourceGroup = "rg-ml", Name = "stml" }],
        Principals =
        [
            new PrincipalSpec { Id = Caller, DisplayName = "attach-automation" },
            new PrincipalSpec { Id = ExistingPrincipal, DisplayName = "existing-sp" },
        ],
        Knobs = knobs ?? new KnobsSpec { LroSeconds = 3, LroRetryAfterSeconds = 1, DetachSeconds = 1, PrincipalReplicationSeconds = 10, NamespaceTerminationSeconds = 5 },
    };

    public static string ComputePath(string workspaceId, string name) =>
        $"{workspaceId}/computes/{name}?api-version=2025-12-01";

    public static string RoleAssignmentPath(string scope, string name) =>
        $"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}?api-version=2022-04-01";

    public static string AttachBody(string clusterId, string identityType = "SystemAssigned", string ns = "default", string location = "westeurope")
    {
        var identity = new JsonObject { ["type"] = identityType };
        if (identityType == "UserAssigned")
        {
            identity["userAssignedIdentities"] = new JsonObject { [Uai] = new JsonObject() };
        }

        return new JsonObject
        {
            ["location"] = location,
            ["identity"] = identity,
            ["properties"] = new JsonObject
            {
                ["computeType"] = "Kubernetes",
                ["resourceId"] = clusterId,
                ["properties"] = new JsonObject { ["namespace"] = ns },
            },
        }.ToJsonString();
    }

    public static string RoleAssignmentBody(string roleGuid, string principalId, string? principalType = "ServicePrincipal")
    {
        var properties = new JsonObject
        {
            ["roleDefinitionId"] = EmulatorIds.RoleDefinition(Sub, roleGuid),
            ["principalId"] = principalId,
        };
        if (principalType is not null)
        {
            properties["principalType"] = principalType;
        }

        return new JsonObject { ["properties"] = properties }.ToJsonString();
    }
}
