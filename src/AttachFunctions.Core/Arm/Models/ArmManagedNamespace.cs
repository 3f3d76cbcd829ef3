using System.Text.Json.Nodes;

namespace AttachFunctions.Core.Arm.Models;

/// <summary>An AKS managed namespace (azure-rest-api-specs <c>specification/containerservice/resource-manager/Microsoft.ContainerService/aks/ManagedNamespace.tsp</c>).</summary>
public sealed record ArmManagedNamespace(string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, string? ProvisioningState)
{
    public static ArmManagedNamespace From(JsonNode? node) => new(
        JsonRead.Str(node, "name") ?? "",
        JsonRead.StringMap(node, "properties", "labels"),
        JsonRead.StringMap(node, "properties", "annotations"),
        JsonRead.Str(node, "properties", "provisioningState"));
}
