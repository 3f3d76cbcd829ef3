using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttachFunctions.Core.Tests.Policy;

/// <summary>A small valid policy (one AKS rule, one Arc rule) and helpers to mutate it by JSON pointer.</summary>
internal static class PolicyFixtures
{
    public const string Sub1 = "11111111-1111-1111-1111-111111111111";
    public const string Sub2 = "22222222-2222-2222-2222-222222222222";
    public const string RgMl = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-ml";
    public const string WsResearch = RgMl + "/providers/Microsoft.MachineLearningServices/workspaces/ws-research";
    public const string WsProd = RgMl + "/providers/Microsoft.MachineLearningServices/workspaces/ws-prod";
    public const string Acr = RgMl + "/providers/Microsoft.ContainerRegistry/registries/acrml";
    public const string Storage = RgMl + "/providers/Microsoft.Storage/storageAccounts/stmldata";
    public const string Identity = RgMl + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ml-compute";

    public const string BaseJson = $$"""
        {
          "version": 1,
          "scope": {
            "subscriptions": ["{{Sub1}}", "{{Sub2}}"],
            "resourceGroups": [
              "/subscriptions/{{Sub1}}/resourceGroups/rg-aks",
              "{{RgMl}}",
              "/subscriptions/{{Sub2}}/resourceGroups/rg-edge"
            ]
          },
          "rules": [
            {
              "name": "aks",
              "match": { "kind": "aks", "resourceGroups": ["rg-aks"], "tags": { "ml": "enabled" } },
              "namespaceAccess": { "strategy": "managedNamespace" },
              "attachments": [
                {
                  "workspace": "{{WsResearch}}",
                  "team": "a",
                  "computeName": "{cluster:9}-{team}",
                  "namespace": {
                    "name": "team-{team}",
                    "labels": { "team": "a" },
                    "annotations": { "contoso.com/owner": "research@contoso.com" }
                  },
                  "identity": { "type": "SystemAssigned" },
                  "defaultInstanceType": "small",
                  "instanceTypes": {
                    "small": {
                      "nodeSelector": { "pool": "cpu" },
                      "requests": { "cpu": "500m", "memory": "1Gi" },
                      "limits": { "cpu": "1", "memory": "2Gi" }
                    }
                  },
                  "grants": [
                    { "role": "AcrPull", "scope": "{{Acr}}" },
                    { "role": "StorageBlobDataReader", "scope": "{{Storage}}" }
                  ],
                  "onClusterDelete": "detach"
                }
              ]
            },
            {
              "name": "arc",
              "match": { "kind": "arc" },
              "namespaceAccess": {
                "strategy": "keyVaultKubeconfig",
                "keyVault": { "vaultUri": "https://kv-attach.vault.azure.net/" }
              },
              "attachments": [
                {
                  "workspace": "{{WsProd}}",
                  "computeName": "arc-{cluster:8}",
                  "namespace": { "name": "ml-prod" },
                  "identity": { "type": "UserAssigned", "userAssignedIdentities": ["{{Identity}}"] }
                }
              ]
            }
          ]
        }
        """;

    public static JsonNode Base() => JsonNode.Parse(BaseJson)!;

    public static string Mutate(Action<JsonNode> mutation)
    {
        var root = Base();
        mutation(root);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static JsonNode At(JsonNode root, string pointer)
    {
        var current = root;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : current[Unescape(segment)]!;
        }

        return current;
    }

    public static void Set(JsonNode root, string pointer, JsonNode? value)
    {
        var cut = pointer.LastIndexOf('/');
        var parent = At(root, pointer[..cut]);
        var name = Unescape(pointer[(cut + 1)..]);
        if (parent is JsonArray array)
        {
            array[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[name] = value;
        }
    }

    public static void Remove(JsonNode root, string pointer)
    {
        var cut = pointer.LastIndexOf('/');
        var parent = At(root, pointer[..cut]);
        var name = Unescape(pointer[(cut + 1)..]);
        if (parent is JsonArray array)
        {
            array.RemoveAt(int.Parse(name, System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            parent.AsObject().Remove(name);
        }
    }

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    public static JsonNode? Node(string json) => JsonNode.Parse(json);

    public static JsonNode Clone(JsonNode root, string pointer) => At(root, pointer).DeepClone();
}
