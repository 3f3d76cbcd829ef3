using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>
/// Microsoft.Authorization/roleAssignments at any scope: PUT (201/200, RoleAssignmentExists, RoleAssignmentUpdateNotPermitted,
/// PrincipalNotFound, ABAC-style AuthorizationFailed), GET, LIST with <c>atScope()</c> / <c>principalId eq '...'</c>,
/// DELETE (200/204). Every method answers 404 when the scope itself does not exist (<see cref="RoleAssignmentScopes"/>).
/// Role definitions are compared by their trailing GUID.
/// </summary>
internal sealed partial class RoleAssignmentRoutes(EmulatorState state)
{
    private const string WriteAction = "Microsoft.Authorization/roleAssignments/write";
    private const string DeleteAction = "Microsoft.Authorization/roleAssignments/delete";
    private static readonly string[] PrincipalTypes = ["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"];

    public EmulatorResponse Handle(EmulatorRequest r, string scope, string? name)
    {
        if (RoleAssignmentScopes.Missing(state, scope) is { } missing)
        {
            return missing;
        }

        if (name is null)
        {
            return ArmRouter.HttpGetOnly(r, () => List(r, scope));
        }

        return r.Method.ToUpperInvariant() switch
        {
            "GET" => Find(scope, name) is { } found
                ? new EmulatorResponse(200, ToJson(found))
                : EmulatorResponse.ArmError(404, "RoleAssignmentNotFound", $"The role assignment '{name}' is not found."),
            "PUT" => Put(r, scope, name),
            "DELETE" => Delete(r, scope, name),
            _ => ArmRouter.MethodNotAllowed(r),
        };
    }

    [GeneratedRegex(@"principalId\s+eq\s+'?([0-9a-fA-F-]+)'?", RegexOptions.CultureInvariant)]
    private static partial Regex PrincipalFilter();

    [GeneratedRegex(@"assignedTo\('([0-9a-fA-F-]+)'\)", RegexOptions.CultureInvariant)]
    private static partial Regex AssignedToFilter();

    private RoleAssignmentState? Find(string scope, string name) =>
        state.Assignments.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && SameScope(a.Scope, scope));

    private static bool SameScope(string a, string b) =>
        a.TrimEnd('/').Equals(b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private EmulatorResponse List(EmulatorRequest r, string scope)
    {
        var filter = r.QueryValue("$filter") ?? "";
        var atScope = filter.Contains("atScope()", StringComparison.OrdinalIgnoreCase);
        var principalMatch = PrincipalFilter().Match(filter);
        if (!principalMatch.Success)
        {
            principalMatch = AssignedToFilter().Match(filter);
        }

        var principal = principalMatch.Success ? principalMatch.Groups[1].Value : null;
        if (filter.Length > 0 && !atScope && principal is null)
        {
            return EmulatorResponse.ArmError(400, "UnsupportedQuery", $"The filter '{filter}' is not supported.");
        }

        var items = state.Assignments.Where(a =>
        {
            var above = EmulatorIds.IsAtOrBelow(scope, a.Scope);
            var below = EmulatorIds.IsAtOrBelow(a.Scope, scope);
            var inScope = atScope ? above : above || below;
            return inScope && (principal is null || a.PrincipalId.Equals(principal, StringComparison.OrdinalIgnoreCase));
        }).Select(a => (JsonNode)ToJson(a));
        return new EmulatorResponse(200, Paging.Page(items, r, state.Knobs.PageSize));
    }

    private EmulatorResponse Put(EmulatorRequest r, string scope, string name)
    {
        if (!Guid.TryParse(name, out _))
        {
            return EmulatorResponse.ArmError(400, "InvalidRoleAssignmentId", $"The role assignment ID '{name}' is not valid. The role assignment ID must be a GUID.");
        }

        var properties = r.JsonBody()?["properties"] as JsonObject;
        var roleDefinitionId = properties?["roleDefinitionId"]?.GetValue<string>();
        var principalId = properties?["principalId"]?.GetValue<string>();
        if (properties is null || string.IsNullOrEmpty(roleDefinitionId) || string.IsNullOrEmpty(principalId))
        {
            return EmulatorResponse.ArmError(400, "InvalidRoleAssignmentRequest", "The request must contain properties.roleDefinitionId and properties.principalId.");
        }

        var principalType = properties["principalType"]?.GetValue<string>() ?? "User";
        if (!PrincipalTypes.Contains(principalType, StringComparer.OrdinalIgnoreCase))
        {
            return EmulatorResponse.ArmError(400, "InvalidPrincipalType", $"The principal type '{principalType}' is not valid.");
        }

        var roleGuid = EmulatorIds.RoleGuid(roleDefinitionId);
        if (!Allowed(roleGuid, principalType))
        {
            return Forbidden(r, scope, WriteAction);
        }

        var skipReplication = state.Knobs.ExplicitPrincipalTypeSkipsReplication && properties["principalType"] is not null;
        if (!state.Principals.TryGetValue(principalId, out var principal) || (state.Now < principal.ReplicatedAt && !skipReplication))
        {
            return EmulatorResponse.ArmError(400, "PrincipalNotFound",
                $"Principal {principalId.Replace("-", "", StringComparison.Ordinal)} does not exist in the directory {state.TenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype");
        }

        // Names are unique across the tenant, not per scope, and an assignment is immutable but for its description
        // and condition: reusing a name at another scope, or for another role or principal, is 400
        // RoleAssignmentUpdateNotPermitted (Microsoft Learn "Troubleshoot Azure RBAC", symptom "ARM template role
        // assignment returns BadRequest status"; recorded answers in Azure/acs-engine#2916 and
        // Azure-Samples/graphrag-accelerator#168).
        var existing = state.Assignments.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            if (!SameScope(existing.Scope, scope)
                || !existing.RoleDefinitionGuid.Equals(roleGuid, StringComparison.OrdinalIgnoreCase)
                || !existing.PrincipalId.Equals(principalId, StringComparison.OrdinalIgnoreCase))
            {
                return EmulatorResponse.ArmError(400, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
            }

            existing.Description = properties["description"]?.GetValue<string>();
            existing.Condition = properties["condition"]?.GetValue<string>();
            existing.ConditionVersion = properties["conditionVersion"]?.GetValue<string>();
            existing.UpdatedOn = state.Now;
            existing.UpdatedBy = r.Token?.Principal ?? "";
            return new EmulatorResponse(200, ToJson(existing));
        }

        var duplicate = state.Assignments.FirstOrDefault(a => SameScope(a.Scope, scope)
            && a.RoleDefinitionGuid.Equals(roleGuid, StringComparison.OrdinalIgnoreCase)
            && a.PrincipalId.Equals(principalId, StringComparison.OrdinalIgnoreCase));
        if (duplicate is not null)
        {
            return EmulatorResponse.ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
        }

        var created = new RoleAssignmentState
        {
            Scope = scope,
            Name = name.ToLowerInvariant(),
            RoleDefinitionGuid = roleGuid,
            PrincipalId = principalId,
            PrincipalType = principalType,
            Description = properties["description"]?.GetValue<string>(),
            Condition = properties["condition"]?.GetValue<string>(),
            ConditionVersion = properties["conditionVersion"]?.GetValue<string>(),
            DelegatedManagedIdentityResourceId = properties["delegatedManagedIdentityResourceId"]?.GetValue<string>(),
            CreatedOn = state.Now,
            UpdatedOn = state.Now,
            CreatedBy = r.Token?.Principal ?? "",
            UpdatedBy = r.Token?.Principal ?? "",
        };
        state.Assignments.Add(created);
        return new EmulatorResponse(201, ToJson(created));
    }

    private EmulatorResponse Delete(EmulatorRequest r, string scope, string name)
    {
        var existing = Find(scope, name);
        if (existing is null)
        {
            return new EmulatorResponse(204);
        }

        if (!Allowed(existing.RoleDefinitionGuid, existing.PrincipalType))
        {
            return Forbidden(r, scope, DeleteAction);
        }

        state.Assignments.Remove(existing);
        return new EmulatorResponse(200, ToJson(existing));
    }

    private bool Allowed(string roleGuid, string principalType)
    {
        var roles = state.Knobs.AssignableRoleDefinitionIds;
        var types = state.Knobs.AssignablePrincipalTypes;
        return (roles is null || roles.Any(x => EmulatorIds.RoleGuid(x).Equals(roleGuid, StringComparison.OrdinalIgnoreCase)))
            && (types is null || types.Contains(principalType, StringComparer.OrdinalIgnoreCase));
    }

    private static EmulatorResponse Forbidden(EmulatorRequest r, string scope, string action)
    {
        var principal = r.Token?.Principal ?? "unknown";
        return EmulatorResponse.ArmError(403, "AuthorizationFailed",
            $"The client '{principal}' with object id '{principal}' does not have authorization or an ABAC condition not fulfilled to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.");
    }

    private static string QualifiedRoleDefinitionId(RoleAssignmentState a)
    {
        var s = a.Scope.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return s.Length >= 2 && s[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            ? EmulatorIds.RoleDefinition(s[1], a.RoleDefinitionGuid)
            : "/providers/Microsoft.Authorization/roleDefinitions/" + a.RoleDefinitionGuid;
    }

    private static JsonObject ToJson(RoleAssignmentState a)
    {
        var properties = new JsonObject
        {
            // Azure answers the subscription-qualified id (recorded response in Azure/azure-cli#27509), although
            // the spec's examples show the bare /providers/... form; clients compare the trailing GUID either way.
            ["roleDefinitionId"] = QualifiedRoleDefinitionId(a),
            ["principalId"] = a.PrincipalId,
            ["principalType"] = a.PrincipalType,
            ["scope"] = a.Scope,
        };
        if (a.Description is not null)
        {
            properties["description"] = a.Description;
        }

        if (a.Condition is not null)
        {
            properties["condition"] = a.Condition;
            properties["conditionVersion"] = a.ConditionVersion ?? "2.0";
        }

        if (a.DelegatedManagedIdentityResourceId is not null)
        {
            properties["delegatedManagedIdentityResourceId"] = a.DelegatedManagedIdentityResourceId;
        }

        properties["createdOn"] = a.CreatedOn.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        properties["updatedOn"] = a.UpdatedOn.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        properties["createdBy"] = a.CreatedBy;
        properties["updatedBy"] = a.UpdatedBy;
        return new JsonObject
        {
            ["properties"] = properties,
            ["id"] = a.Id,
            ["type"] = "Microsoft.Authorization/roleAssignments",
            ["name"] = a.Name,
        };
    }
}
