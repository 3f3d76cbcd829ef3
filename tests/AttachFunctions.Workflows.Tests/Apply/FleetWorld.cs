using System.Globalization;
using System.Text.Json.Nodes;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>Builds a scenario and a policy for a fleet of C AKS clusters attached to W workspaces (copied from the Reconciler tests).</summary>
internal static class FleetWorld
{
    public const string Sub = "11111111-1111-1111-1111-111111111111";

    public static string ClusterId(int i) =>
        $"/subscriptions/{Sub}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/managedClusters/{ClusterName(i)}";

    public static string ClusterName(int i) => "aks" + i.ToString("D4", CultureInfo.InvariantCulture);

    public static string WorkspaceName(int w) => "ws" + w.ToString("D2", CultureInfo.InvariantCulture);

    public static string WorkspaceId(int w) =>
        $"/subscriptions/{Sub}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/{WorkspaceName(w)}";

    public static string Scenario(int clusters, int workspaces)
    {
        var clusterArray = new JsonArray();
        for (var i = 0; i < clusters; i++)
        {
            clusterArray.Add(new JsonObject
            {
                ["kind"] = "aks",
                ["subscriptionId"] = Sub,
                ["resourceGroup"] = "rg-fleet",
                ["name"] = ClusterName(i),
                ["location"] = "westeurope",
                ["tags"] = new JsonObject { ["ml"] = "enabled" },
                ["extensions"] = new JsonArray(new JsonObject { ["name"] = "azureml", ["extensionType"] = "Microsoft.AzureML.Kubernetes", ["provisioningState"] = "Succeeded" }),
            });
        }

        var workspaceArray = new JsonArray();
        for (var w = 0; w < workspaces; w++)
        {
            workspaceArray.Add(new JsonObject
            {
                ["subscriptionId"] = Sub,
                ["resourceGroup"] = "rg-ml",
                ["name"] = WorkspaceName(w),
                ["location"] = "westeurope",
                ["identityType"] = "SystemAssigned",
                ["principalId"] = $"44444444-0000-0000-0000-{w:D12}",
            });
        }

        return new JsonObject
        {
            ["tenantId"] = "aaaaaaaa-0000-0000-0000-000000000001",
            ["subscriptions"] = new JsonArray(new JsonObject
            {
                ["id"] = Sub,
                ["resourceGroups"] = new JsonArray(
                    new JsonObject { ["name"] = "rg-ml", ["location"] = "westeurope" },
                    new JsonObject { ["name"] = "rg-fleet", ["location"] = "westeurope" }),
            }),
            ["clusters"] = clusterArray,
            ["workspaces"] = workspaceArray,
            ["registries"] = new JsonArray(new JsonObject { ["subscriptionId"] = Sub, ["resourceGroup"] = "rg-ml", ["name"] = "crfleet", ["location"] = "westeurope" }),
            ["principals"] = new JsonArray(new JsonObject { ["id"] = AutomationPrincipal, ["displayName"] = "attach-automation", ["type"] = "ServicePrincipal" }),
            ["knobs"] = new JsonObject { ["pageSize"] = 1000, ["principalReplicationSeconds"] = 0, ["throttling"] = new JsonObject { ["enabled"] = false } },
        }.ToJsonString();
    }

    public static string Policy(int workspaces)
    {
        var attachments = new JsonArray();
        for (var w = 0; w < workspaces; w++)
        {
            attachments.Add(new JsonObject
            {
                ["workspace"] = WorkspaceId(w),
                ["computeName"] = "{cluster}-{workspace}",
                ["namespace"] = new JsonObject { ["name"] = "ml-fleet", ["shared"] = true },
                ["grants"] = new JsonArray(new JsonObject
                {
                    ["role"] = "AcrPull",
                    ["scope"] = $"/subscriptions/{Sub}/resourceGroups/rg-ml/providers/Microsoft.ContainerRegistry/registries/crfleet",
                }),
            });
        }

        return new JsonObject
        {
            ["version"] = 1,
            ["scope"] = new JsonObject { ["subscriptions"] = new JsonArray(Sub) },
            ["rules"] = new JsonArray(new JsonObject
            {
                ["name"] = "fleet",
                ["match"] = new JsonObject { ["kind"] = "aks", ["resourceGroups"] = new JsonArray("rg-fleet"), ["tags"] = new JsonObject { ["ml"] = "enabled" } },
                ["attachments"] = attachments,
            }),
        }.ToJsonString();
    }
}
