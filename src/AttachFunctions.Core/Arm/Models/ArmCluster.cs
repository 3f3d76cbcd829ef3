using System.Text.Json.Nodes;
using AttachFunctions.Core.Clusters;

namespace AttachFunctions.Core.Arm.Models;

/// <summary>An AKS or Arc cluster as ARM returns it: what the product needs to match and attach it.</summary>
public sealed record ArmCluster(ClusterId Id, string Location, IReadOnlyDictionary<string, string> Tags, string? ProvisioningState)
{
    public ClusterInfo ToInfo() => new(Id, Location, Tags);

    public static ArmCluster? From(JsonNode? node)
    {
        var id = JsonRead.Str(node, "id");
        if (!ClusterId.TryParse(id, out var clusterId, out _))
        {
            return null;
        }

        return new ArmCluster(
            clusterId,
            JsonRead.Str(node, "location") ?? "",
            new Dictionary<string, string>(JsonRead.StringMap(node, "tags"), StringComparer.OrdinalIgnoreCase),
            JsonRead.Str(node, "properties", "provisioningState"));
    }
}
