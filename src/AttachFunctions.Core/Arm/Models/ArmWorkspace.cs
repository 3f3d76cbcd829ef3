using System.Text.Json.Nodes;

namespace AttachFunctions.Core.Arm.Models;

/// <summary>An Azure ML workspace: its location and identity (a user-assigned identity needs prerequisite grants).</summary>
public sealed record ArmWorkspace(string Id, string Location, string? IdentityType, string? SystemPrincipalId, IReadOnlyDictionary<string, string> UserAssignedPrincipals)
{
    public bool UsesUserAssignedIdentity =>
        IdentityType is not null && IdentityType.Contains("UserAssigned", StringComparison.OrdinalIgnoreCase) && UserAssignedPrincipals.Count > 0;

    /// <summary>The user-assigned identity the workspace uses (the first), whose principal needs the prerequisite roles.</summary>
    public string? UserAssignedPrincipalId => UserAssignedPrincipals.Count > 0 ? UserAssignedPrincipals.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).First().Value : null;

    public static ArmWorkspace From(JsonNode? node)
    {
        var principals = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (JsonRead.Node(node, "identity", "userAssignedIdentities") is JsonObject uais)
        {
            foreach (var (id, value) in uais)
            {
                var principal = JsonRead.Str(value, "principalId");
                if (principal is not null)
                {
                    principals[id] = principal;
                }
            }
        }

        return new ArmWorkspace(
            JsonRead.Str(node, "id") ?? "",
            JsonRead.Str(node, "location") ?? "",
            JsonRead.Str(node, "identity", "type"),
            JsonRead.Str(node, "identity", "principalId"),
            principals);
    }
}
