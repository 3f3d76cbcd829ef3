using System.Text.Json.Nodes;

namespace AttachFunctions.Core.Arm.Models;

/// <summary>
/// A cluster extension (azure-rest-api-specs
/// <c>specification/kubernetesconfiguration/resource-manager/Microsoft.KubernetesConfiguration/extensions/stable/2025-03-01/extensions.json</c>): name is
/// user-chosen, so the type identifies the Azure ML one.
/// </summary>
public sealed record ArmExtension(string Name, string ExtensionType, string? ProvisioningState, string? ErrorCode, string? ErrorMessage)
{
    /// <summary>The Azure ML extension type; the service returns it lower-cased, so compare ignoring case.</summary>
    public const string AzureMlType = "Microsoft.AzureML.Kubernetes";

    public bool IsAzureMl => string.Equals(ExtensionType, AzureMlType, StringComparison.OrdinalIgnoreCase);

    public bool IsSucceeded => string.Equals(ProvisioningState, "Succeeded", StringComparison.OrdinalIgnoreCase);

    public bool IsFailed => ProvisioningState is not null &&
        (ProvisioningState.Equals("Failed", StringComparison.OrdinalIgnoreCase) || ProvisioningState.Equals("Canceled", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Arc: the Relay namespace this extension uses. <c>az k8s-extension create</c> creates one Relay per cluster and
    /// records its hybrid connection in the extension's <c>configurationSettings</c> as
    /// <c>relayserver.hybridConnectionResourceID</c> (Azure/azure-cli-extensions,
    /// src/k8s-extension/azext_k8s_extension/partner_extensions/AzureMLKubernetes.py); null when it names none.
    /// </summary>
    public string? RelayNamespaceId { get; init; }

    public static ArmExtension From(JsonNode? node) => new(
        JsonRead.Str(node, "name") ?? "",
        JsonRead.Str(node, "properties", "extensionType") ?? "",
        JsonRead.Str(node, "properties", "provisioningState"),
        JsonRead.Str(node, "properties", "errorInfo", "code"),
        JsonRead.Str(node, "properties", "errorInfo", "message"))
    {
        RelayNamespaceId = RelayNamespaceOf(JsonRead.Str(node, "properties", "configurationSettings", "relayserver.hybridConnectionResourceID")),
    };

    /// <summary>The Relay namespace id of a hybrid connection id (<c>.../namespaces/{ns}/hybridConnections/{hc}</c>); null otherwise.</summary>
    public static string? RelayNamespaceOf(string? hybridConnectionId)
    {
        if (string.IsNullOrEmpty(hybridConnectionId))
        {
            return null;
        }

        var at = hybridConnectionId.IndexOf("/hybridConnections/", StringComparison.OrdinalIgnoreCase);
        var ns = at > 0 ? hybridConnectionId[..at] : null;
        return ns is not null && ns.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)
            && ns.Contains("/providers/Microsoft.Relay/namespaces/", StringComparison.OrdinalIgnoreCase)
            ? ns
            : null;
    }
}
