using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Policy;

namespace AttachFunctions.Core.Tests.Desired;

/// <summary>Policies and clusters built in code for desired-state tests.</summary>
internal static class TestPolicies
{
    public const string Sub1 = "11111111-1111-1111-1111-111111111111";
    public const string Sub2 = "22222222-2222-2222-2222-222222222222";
    public const string Research = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-research";
    public const string Prod = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-prod";
    public const string Registry = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.ContainerRegistry/registries/acrml";
    public const string Storage = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stmldata";
    public const string ComputeIdentityId = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ml-compute";

    public static AttachPolicy TwoRules() => new()
    {
        Scope = new PolicyScope { Subscriptions = [Sub1, Sub2] },
        Rules =
        [
            new PolicyRule
            {
                Name = "aks-teams",
                Match = new ClusterMatch { Kind = ClusterKindFilter.Aks, Tags = new Dictionary<string, string> { ["ml"] = "enabled" } },
                Attachments =
                [
                    new AttachmentSpec
                    {
                        Workspace = Research,
                        Team = "a",
                        ComputeName = "{cluster:9}-{team}",
                        Namespace = new NamespaceSpec { Name = "team-{team}", Labels = new Dictionary<string, string> { ["cost-center"] = "r1" } },
                        Grants = [new GrantSpec { Role = "AcrPull", Scope = Registry }, new GrantSpec { Role = "StorageBlobDataReader", Scope = Storage }],
                    },
                    new AttachmentSpec
                    {
                        Workspace = Prod,
                        Team = "b",
                        ComputeName = "{cluster:9}-{team}",
                        Namespace = new NamespaceSpec { Name = "team-{team}" },
                        Identity = new IdentitySpec { Type = ComputeIdentityType.UserAssigned, UserAssignedIdentities = [ComputeIdentityId] },
                        Grants = [new GrantSpec { Role = "StorageBlobDataContributor", Scope = Storage }],
                        OnClusterDelete = OnClusterDelete.Keep,
                    },
                ],
            },
            new PolicyRule
            {
                Name = "arc-edge",
                Match = new ClusterMatch { Kind = ClusterKindFilter.Arc, ResourceGroups = ["rg-edge"] },
                NamespaceAccess = new NamespaceAccess
                {
                    Strategy = NamespaceAccessStrategy.KeyVaultKubeconfig,
                    KeyVault = new KeyVaultKubeconfigSource { VaultUri = "https://kv-attach.vault.azure.net/", SecretName = "{cluster}-kubeconfig" },
                },
                Attachments =
                [
                    new AttachmentSpec
                    {
                        Workspace = Research,
                        Team = "edge",
                        ComputeName = "edge-{cluster:10}",
                        Namespace = new NamespaceSpec { Name = "ml-edge", Shared = true },
                    },
                    new AttachmentSpec
                    {
                        Workspace = Prod,
                        Team = "edge",
                        ComputeName = "edge-{cluster:10}",
                        Namespace = new NamespaceSpec { Name = "ml-edge", Shared = true },
                    },
                ],
            },
        ],
    };

    public static ClusterInfo Aks(string name, string sub = Sub1, string rg = "rg-aks", params (string Key, string Value)[] tags) =>
        new(ClusterId.Parse($"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}"),
            "westeurope",
            tags.ToDictionary(t => t.Key, t => t.Value));

    public static ClusterInfo Arc(string name, string sub = Sub2, string rg = "rg-edge", params (string Key, string Value)[] tags) =>
        new(ClusterId.Parse($"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Kubernetes/connectedClusters/{name}"),
            "westeurope",
            tags.ToDictionary(t => t.Key, t => t.Value));
}
