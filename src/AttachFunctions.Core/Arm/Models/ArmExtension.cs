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

    public static ArmExtension From(JsonNode? node) => new(
        JsonRead.Str(node, "name") ?? "",
        JsonRead.Str(node, "properties", "extensionType") ?? "",
        JsonRead.Str(node, "properties", "provisioningState"),
        JsonRead.Str(node, "properties", "errorInfo", "code"),
        JsonRead.Str(node, "properties", "errorInfo", "message"));
}
