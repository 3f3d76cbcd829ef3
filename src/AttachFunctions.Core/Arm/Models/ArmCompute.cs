using System.Text.Json.Nodes;

namespace AttachFunctions.Core.Arm.Models;

/// <summary>
/// A compute in a workspace (the <c>ComputeResource</c> of azure-rest-api-specs
/// <c>specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01/machineLearningServices.json</c>), reduced to
/// what drift detection compares.
/// </summary>
public sealed record ArmCompute(
    string Id,
    string Name,
    string? ComputeType,
    string? ResourceId,
    string? Namespace,
    string? ProvisioningState,
    string? FirstErrorCode,
    string? FirstErrorMessage,
    string? IdentityType,
    string? SystemPrincipalId,
    IReadOnlyDictionary<string, string> UserAssignedPrincipals,
    string? DefaultInstanceType,
    JsonNode? InstanceTypes,
    IReadOnlyDictionary<string, string> Tags)
{
    public bool IsKubernetes => string.Equals(ComputeType, "Kubernetes", StringComparison.OrdinalIgnoreCase);

    public bool IsSucceeded => string.Equals(ProvisioningState, "Succeeded", StringComparison.OrdinalIgnoreCase);

    public bool IsFailed => ProvisioningState is not null &&
        (ProvisioningState.Equals("Failed", StringComparison.OrdinalIgnoreCase) || ProvisioningState.Equals("Canceled", StringComparison.OrdinalIgnoreCase));

    public bool IsInProgress => ProvisioningState is not null &&
        (ProvisioningState.Equals("Creating", StringComparison.OrdinalIgnoreCase) || ProvisioningState.Equals("Updating", StringComparison.OrdinalIgnoreCase) ||
         ProvisioningState.Equals("Deleting", StringComparison.OrdinalIgnoreCase));

    public static ArmCompute From(JsonNode? node)
    {
        var principals = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (JsonRead.Node(node, "identity", "userAssignedIdentities") is JsonObject uais)
        {
            foreach (var (id, value) in uais)
            {
                principals[id] = JsonRead.Str(value, "principalId") ?? "";
            }
        }

        var firstError = JsonRead.Node(node, "properties", "provisioningErrors") is JsonArray { Count: > 0 } errors ? errors[0] : null;
        return new ArmCompute(
            JsonRead.Str(node, "id") ?? "",
            JsonRead.Str(node, "name") ?? "",
            JsonRead.Str(node, "properties", "computeType"),
            JsonRead.Str(node, "properties", "resourceId"),
            JsonRead.Str(node, "properties", "properties", "namespace"),
            JsonRead.Str(node, "properties", "provisioningState"),
            JsonRead.Str(firstError, "error", "code"),
            JsonRead.Str(firstError, "error", "message"),
            JsonRead.Str(node, "identity", "type"),
            JsonRead.Str(node, "identity", "principalId"),
            principals,
            JsonRead.Str(node, "properties", "properties", "defaultInstanceType"),
            JsonRead.Node(node, "properties", "properties", "instanceTypes")?.DeepClone(),
            JsonRead.StringMap(node, "tags"));
    }
}
