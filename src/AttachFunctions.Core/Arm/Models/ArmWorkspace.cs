using System.Text.Json.Nodes;

namespace AttachFunctions.Core.Arm.Models;

/// <summary>
/// An Azure ML workspace: its location and identity. A workspace may carry several user-assigned identities; the one
/// it acts as is <c>properties.primaryUserAssignedIdentity</c> (REST spec machineLearningServices workspaceRP.json,
/// <c>WorkspaceProperties.primaryUserAssignedIdentity</c>; Microsoft Learn, "Set up authentication between Azure
/// Machine Learning and other services", user-assigned managed identity). Only that identity's principal may receive
/// the cluster-level prerequisite roles, and only when the deployment allows it (see
/// <see cref="Decisions.WorkspaceIdentityDecision"/>).
/// </summary>
public sealed record ArmWorkspace(
    string Id,
    string Location,
    string? IdentityType,
    string? SystemPrincipalId,
    IReadOnlyDictionary<string, string> UserAssignedPrincipals,
    string? PrimaryUserAssignedIdentity = null)
{
    public bool UsesUserAssignedIdentity =>
        IdentityType is not null && IdentityType.Contains("UserAssigned", StringComparison.OrdinalIgnoreCase) && UserAssignedPrincipals.Count > 0;

    /// <summary>
    /// The principal of <see cref="PrimaryUserAssignedIdentity"/>, looked up case-insensitively among the workspace's
    /// user-assigned identities (ARM does not preserve the casing of resource ids); null when there is no primary or it
    /// is not among them.
    /// </summary>
    public string? PrimaryUserAssignedPrincipalId =>
        PrimaryUserAssignedIdentity is { } primary
            ? UserAssignedPrincipals.FirstOrDefault(p => string.Equals(p.Key.TrimEnd('/'), primary.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)).Value
            : null;

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

        var primary = JsonRead.Str(node, "properties", "primaryUserAssignedIdentity");
        return new ArmWorkspace(
            JsonRead.Str(node, "id") ?? "",
            JsonRead.Str(node, "location") ?? "",
            JsonRead.Str(node, "identity", "type"),
            JsonRead.Str(node, "identity", "principalId"),
            principals,
            string.IsNullOrWhiteSpace(primary) ? null : primary);
    }
}
