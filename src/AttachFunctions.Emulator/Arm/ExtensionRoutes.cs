using System.Globalization;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>
/// Microsoft.KubernetesConfiguration/extensions under a cluster: LIST and GET (extensionType lower-cased as the real
/// service returns it). The read-only status fields follow the Extension schema (azure-rest-api-specs
/// <c>specification/kubernetesconfiguration/resource-manager/Microsoft.KubernetesConfiguration/extensions/stable/2025-03-01/extensions.json</c>):
/// <c>currentVersion</c> (the installed version, null until one is), <c>statuses</c> and <c>errorInfo</c> (an
/// ErrorDetail, present while the extension is Failed).
/// </summary>
internal sealed class ExtensionRoutes(EmulatorState state)
{
    public EmulatorResponse Handle(EmulatorRequest r, string clusterId, string? name)
    {
        if (!r.Method.Equals("GET", StringComparison.OrdinalIgnoreCase))
        {
            return ArmRouter.MethodNotAllowed(r);
        }

        if (!state.Clusters.TryGetValue(clusterId, out var cluster))
        {
            var parts = clusterId.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return EmulatorResponse.NotFound(parts.Length >= 2 ? parts[^3] + "/" + parts[^2] : "cluster", parts.Length > 0 ? parts[^1] : clusterId,
                parts.Length > 3 ? parts[3] : "");
        }

        if (name is null)
        {
            var items = cluster.Extensions.Select(e => (JsonNode)ToJson(cluster, e));
            return new EmulatorResponse(200, Paging.Page(items, r, state.Knobs.PageSize, explicitNullNextLink: true));
        }

        var ext = cluster.Extensions.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        return ext is null
            ? EmulatorResponse.ArmError(404, "ResourceNotFound", $"The Resource 'Microsoft.KubernetesConfiguration/extensions/{name}' under resource group '{cluster.ResourceGroup}' was not found.")
            : new EmulatorResponse(200, ToJson(cluster, ext));
    }

    private JsonObject ToJson(ClusterState cluster, ExtensionState e)
    {
        var isMl = e.ExtensionType.Equals(EmulatorIds.MachineLearningExtensionType, StringComparison.OrdinalIgnoreCase);
        var settings = new JsonObject();
        if (isMl)
        {
            settings["enableTraining"] = "true";
            settings["enableInference"] = "true";
            settings["inferenceRouterServiceType"] = "loadBalancer";
            settings["allowInsecureConnections"] = "true";
            settings["clusterId"] = cluster.Id;
            settings["clusterPurpose"] = "DevTest";
            settings["location"] = cluster.Location;
            settings["relayserver.enabled"] = cluster.Kind == ClusterKind.Arc ? "true" : "false";
            settings["servicebus.enabled"] = "false";
            if (e.RelayNamespaceId is { } relay)
            {
                // What az k8s-extension create records for the Relay it creates per cluster (Azure/azure-cli-extensions,
                // partner_extensions/AzureMLKubernetes.py: HC_RESOURCE_ID_KEY and RELAY_HC_NAME_KEY); the connection
                // string itself is a protected setting and never returned.
                settings["relayserver.hybridConnectionResourceID"] = relay + "/hybridConnections/" + cluster.Name;
                settings["relayserver.hybridConnectionName"] = cluster.Name;
            }
        }

        var succeeded = e.ProvisioningState.Equals("Succeeded", StringComparison.OrdinalIgnoreCase);
        var properties = new JsonObject
        {
            ["extensionType"] = e.ExtensionType.ToLowerInvariant(),
            ["autoUpgradeMode"] = "none",
            ["autoUpgradeMinorVersion"] = false,
            ["releaseTrain"] = e.ReleaseTrain,
            ["version"] = e.Version,
            ["scope"] = new JsonObject { ["cluster"] = new JsonObject { ["releaseNamespace"] = e.ReleaseNamespace } },
            ["configurationSettings"] = settings,
            ["provisioningState"] = e.ProvisioningState,
            ["currentVersion"] = succeeded ? e.Version : null,
            ["statuses"] = new JsonArray(),
            ["isSystemExtension"] = false,
        };
        if (ErrorInfo(e) is { } errorInfo)
        {
            properties["errorInfo"] = errorInfo;
        }

        if (cluster.Kind == ClusterKind.Aks)
        {
            properties["aksAssignedIdentity"] = new JsonObject
            {
                ["principalId"] = e.PrincipalId,
                ["tenantId"] = state.TenantId,
                ["type"] = "SystemAssigned",
            };
        }

        return new JsonObject
        {
            ["id"] = cluster.Id + "/providers/Microsoft.KubernetesConfiguration/extensions/" + e.Name,
            ["type"] = "Microsoft.KubernetesConfiguration/extensions",
            ["name"] = e.Name,
            ["systemData"] = new JsonObject
            {
                ["createdBy"] = "emulator",
                ["createdByType"] = "Application",
                ["createdAt"] = Iso(e.CreatedAt),
                ["lastModifiedBy"] = "emulator",
                ["lastModifiedByType"] = "Application",
                ["lastModifiedAt"] = Iso(e.ModifiedAt),
            },
            ["identity"] = cluster.Kind == ClusterKind.Arc
                ? new JsonObject { ["type"] = "SystemAssigned", ["principalId"] = e.PrincipalId, ["tenantId"] = state.TenantId }
                : null,
            ["properties"] = properties,
        };
    }

    /// <summary>
    /// <c>errorInfo</c> of a Failed extension. The default is the failure users report for the Azure ML extension
    /// (code ExtensionOperationFailed, a Helm installation whose pre-install health check failed: Azure/azure-cli-extensions#5477,
    /// hashicorp/terraform-provider-azurerm#24547).
    /// </summary>
    private static JsonObject? ErrorInfo(ExtensionState e) =>
        e.ProvisioningState.Equals("Failed", StringComparison.OrdinalIgnoreCase)
            ? new JsonObject
            {
                ["code"] = e.ErrorCode ?? "ExtensionOperationFailed",
                ["message"] = e.ErrorMessage ?? $"The extension operation failed with the following error:  Error: {{Helm installation from path [] for release [{e.Name}] failed with the following error: err [release {e.Name} failed, and has been uninstalled due to atomic being set: failed pre-install: pod healthcheck failed]}} occurred while doing the operation : {{Installing the extension}} on the config.",
            }
            : null;

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
