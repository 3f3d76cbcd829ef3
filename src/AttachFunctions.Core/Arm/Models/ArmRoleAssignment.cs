using System.Text.Json.Nodes;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Arm.Models;

/// <summary>
/// A role assignment (azure-rest-api-specs
/// <c>specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json</c>). The role is
/// compared by the trailing GUID of its definition id.
/// </summary>
public sealed record ArmRoleAssignment(string Id, string Name, string Scope, Guid RoleGuid, string PrincipalId, string? PrincipalType)
{
    public static ArmRoleAssignment? From(JsonNode? node)
    {
        var role = RoleCatalog.ParseDefinitionGuid(JsonRead.Str(node, "properties", "roleDefinitionId"));
        var principal = JsonRead.Str(node, "properties", "principalId");
        if (role is null || principal is null)
        {
            return null;
        }

        return new ArmRoleAssignment(
            JsonRead.Str(node, "id") ?? "",
            JsonRead.Str(node, "name") ?? "",
            JsonRead.Str(node, "properties", "scope") ?? "",
            role.Value,
            principal,
            JsonRead.Str(node, "properties", "principalType"));
    }
}
