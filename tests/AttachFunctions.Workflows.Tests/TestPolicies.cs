using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

/// <summary>Policies and scenarios written for these tests, matching the emulator's sample world (or a generated fleet).</summary>
public static class TestPolicies
{

    /// <summary>
    /// The sample world's AKS clusters in subscription 1 (aks-partner-01 in subscription 2 is out of scope): team a in
    /// ws-research (system-assigned workspace; detach on cluster delete), team b in ws-prod (user-assigned workspace
    /// identity, so prerequisite roles; keep on cluster delete).
    /// </summary>
    public const string SamplePolicy = $$"""
    {
      "version": 1,
      "scope": { "subscriptions": ["{{Sub1}}"] },
      "rules": [
        {
          "name": "aks-ml",
          "match": { "kind": "aks", "resourceGroups": ["rg-aks-research", "rg-aks-prod"], "tags": { "ml": "enabled" } },
          "namespaceAccess": { "strategy": "managedNamespace" },
          "attachments": [
            {
              "workspace": "{{Research}}",
              "team": "a",
              "computeName": "{cluster:9}-a",
              "namespace": { "name": "team-a", "labels": { "team": "a" } },
              "identity": { "type": "SystemAssigned" },
              "grants": [ { "role": "AcrPull", "scope": "{{Registry}}" } ],
              "onClusterDelete": "detach"
            },
            {
              "workspace": "{{Prod}}",
              "team": "b",
              "computeName": "{cluster:9}-b",
              "namespace": { "name": "team-b", "labels": { "team": "b" } },
              "identity": { "type": "SystemAssigned" },
              "grants": [ { "role": "StorageBlobDataReader", "scope": "{{Storage}}" } ],
              "onClusterDelete": "keep"
            }
          ]
        }
      ]
    }
    """;

    /// <summary>Arc clusters in the sample world: namespaces through a kubeconfig read from the (stand-in) Key Vault.</summary>
    public static string ArcPolicy(Uri vault) => $$"""
    {
      "version": 1,
      "scope": { "subscriptions": ["{{Sub1}}"] },
      "rules": [
        {
          "name": "arc-edge",
          "match": { "kind": "arc", "resourceGroups": ["rg-arc-edge"], "tagsPresent": ["ml"] },
          "namespaceAccess": { "strategy": "keyVaultKubeconfig", "keyVault": { "vaultUri": "{{vault}}", "secretName": "kubeconfig-{cluster}" } },
          "attachments": [
            {
              "workspace": "{{Research}}",
              "team": "e",
              "computeName": "{cluster:9}-e",
              "namespace": { "name": "team-e", "labels": { "team": "e" } },
              "identity": { "type": "SystemAssigned" },
              "grants": [ { "role": "AcrPull", "scope": "{{Registry}}" } ],
              "onClusterDelete": "detach"
            }
          ]
        }
      ]
    }
    """;

    /// <summary>A fleet of <paramref name="count"/> AKS clusters (fleet-01...), all with the ML extension installed.</summary>
    public static string FleetScenario(int count)
    {
        var clusters = string.Join(",\n", Enumerable.Range(1, count).Select(i => $$"""
            { "kind": "aks", "subscriptionId": "{{Sub1}}", "resourceGroup": "rg-fleet", "name": "{{FleetName(i)}}", "tags": { "ml": "enabled" },
              "extensions": [ { "name": "azureml", "extensionType": "Microsoft.AzureML.Kubernetes", "provisioningState": "Succeeded" } ] }
            """));
        return $$"""
        {
          "tenantId": "aaaaaaaa-0000-0000-0000-000000000001",
          "subscriptions": [ { "id": "{{Sub1}}", "resourceGroups": [ { "name": "rg-fleet" }, { "name": "rg-ml" } ] } ],
          "clusters": [ {{clusters}} ],
          "workspaces": [ { "subscriptionId": "{{Sub1}}", "resourceGroup": "rg-ml", "name": "ws-fleet", "identityType": "SystemAssigned", "principalId": "44444444-0000-0000-0000-0000000000f1" } ],
          "registries": [ { "subscriptionId": "{{Sub1}}", "resourceGroup": "rg-ml", "name": "crmlshared" } ],
          "principals": [ { "id": "{{AutomationPrincipal}}", "displayName": "attach-automation" } ],
          "knobs": { "pageSize": 100, "throttling": { "enabled": false } }
        }
        """;
    }

    public const string WsFleet = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-fleet";

    public static string FleetName(int i) => $"fleet-{i:00}";

    public static string FleetCluster(int i) => $"/subscriptions/{Sub1}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/managedClusters/{FleetName(i)}";

    public const string FleetPolicy = $$"""
    {
      "version": 1,
      "scope": { "subscriptions": ["{{Sub1}}"] },
      "rules": [
        {
          "name": "fleet",
          "match": { "kind": "aks", "resourceGroups": ["rg-fleet"], "tags": { "ml": "enabled" } },
          "namespaceAccess": { "strategy": "managedNamespace" },
          "attachments": [
            {
              "workspace": "{{WsFleet}}",
              "team": "f",
              "computeName": "{cluster:9}-f",
              "namespace": { "name": "team-f", "labels": { "team": "f" } },
              "identity": { "type": "SystemAssigned" },
              "grants": [ { "role": "AcrPull", "scope": "{{Registry}}" } ],
              "onClusterDelete": "detach"
            }
          ]
        }
      ]
    }
    """;
}
