using System.Globalization;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>
/// The JSON of a compute (ComputeResource with a Kubernetes compute) and of a workspace. A compute always carries
/// <c>tags</c> (<c>{}</c> when it has none) and <c>properties.disableLocalAuth</c> (false unless the attach set it): the
/// <c>ComputeResource</c> and <c>Compute</c> definitions of machineLearningServices.json (2025-12-01) declare both, and
/// disableLocalAuth is read+create, so a read returns what the create set. The official Kubernetes examples omit both;
/// a client must accept them, so the emulator sends them.
/// </summary>
internal static class ComputeJson
{
    private static readonly string[] ServerInnerFields = ["relayConnectionString", "serviceBusConnectionString", "extensionPrincipalId", "extensionInstanceReleaseTrain", "vcName"];
    private static readonly string[] EchoedOuterFields = ["computeLocation"];

    public static JsonObject ToJson(EmulatorState state, WorkspaceState ws, ComputeState c)
    {
        var requestInner = c.RequestProperties["properties"] as JsonObject;
        var inner = new JsonObject
        {
            ["relayConnectionString"] = null,
            ["serviceBusConnectionString"] = null,
            ["extensionPrincipalId"] = null,
            ["extensionInstanceReleaseTrain"] = "stable",
            ["vcName"] = null,
            ["namespace"] = "default",
        };
        if (requestInner is not null)
        {
            foreach (var (k, v) in requestInner)
            {
                if (!ServerInnerFields.Contains(k, StringComparer.Ordinal))
                {
                    inner[k] = v?.DeepClone();
                }
            }
        }

        var properties = new JsonObject
        {
            ["createdOn"] = Iso(c.CreatedOn),
            ["modifiedOn"] = Iso(c.ModifiedOn),
            ["description"] = c.RequestProperties["description"]?.DeepClone(),
            ["resourceId"] = c.ResourceId,
            ["computeType"] = "Kubernetes",
        };
        foreach (var field in EchoedOuterFields)
        {
            if (c.RequestProperties[field] is { } value)
            {
                properties[field] = value.DeepClone();
            }
        }

        properties["disableLocalAuth"] = c.RequestProperties["disableLocalAuth"] is JsonValue disable && disable.TryGetValue<bool>(out var disabled) && disabled;
        properties["provisioningState"] = c.ProvisioningState;
        properties["provisioningErrors"] = c.Errors.Count == 0
            ? null
            : new JsonArray([.. c.Errors.Select(e => (JsonNode)new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = e.Code, ["message"] = e.Message },
            })]);
        properties["isAttachedCompute"] = true;
        properties["properties"] = inner;

        var json = new JsonObject
        {
            ["id"] = ws.Id + "/computes/" + c.Name,
            ["type"] = "Microsoft.MachineLearningServices/workspaces/computes",
            ["name"] = c.Name,
            ["location"] = c.Location,
        };
        json["tags"] = c.Tags?.DeepClone() ?? new JsonObject();

        if (c.IdentityType != "None")
        {
            var identity = new JsonObject { ["type"] = c.IdentityType };
            if (c.PrincipalId is not null)
            {
                identity["principalId"] = c.PrincipalId;
                identity["tenantId"] = state.TenantId;
            }

            if (c.UserAssignedIdentityIds.Count > 0)
            {
                var map = new JsonObject();
                foreach (var id in c.UserAssignedIdentityIds)
                {
                    var uai = state.Resources[id];
                    map[uai.Id] = new JsonObject { ["principalId"] = uai.PrincipalId, ["clientId"] = uai.ClientId };
                }

                identity["userAssignedIdentities"] = map;
            }

            json["identity"] = identity;
        }

        json["properties"] = properties;
        return json;
    }

    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'", CultureInfo.InvariantCulture);
}

/// <summary>
/// The JSON of an Azure ML workspace. The identity follows common-types v3 <c>ManagedServiceIdentity</c>
/// (managedidentity.json): <c>type</c> as Azure spells it (<c>SystemAssigned</c>, <c>UserAssigned</c> or
/// <c>SystemAssigned,UserAssigned</c>); <c>principalId</c> and <c>tenantId</c> at the top for the system-assigned identity;
/// <c>userAssignedIdentities</c> keyed by resource id, each with its <c>principalId</c> and <c>clientId</c>
/// (<c>UserAssignedIdentity</c>). <c>properties.primaryUserAssignedIdentity</c> names the identity the workspace acts as,
/// and <c>systemData</c> follows common-types v3 types.json.
/// </summary>
internal static class WorkspaceJson
{
    public static JsonObject ToJson(EmulatorState state, WorkspaceState ws)
    {
        var properties = new JsonObject
        {
            ["friendlyName"] = ws.Name,
            ["provisioningState"] = "Succeeded",
            ["hbiWorkspace"] = false,
            ["publicNetworkAccess"] = "Enabled",
        };
        var identity = new JsonObject { ["type"] = ws.IdentityType };
        if (ws.PrincipalId is { } systemPrincipal)
        {
            identity["principalId"] = systemPrincipal;
            identity["tenantId"] = state.TenantId;
        }

        if (ws.UserAssignedIdentityIds.Count > 0)
        {
            var map = new JsonObject();
            foreach (var id in ws.UserAssignedIdentityIds)
            {
                if (state.Resources.TryGetValue(id, out var uai))
                {
                    map[uai.Id] = new JsonObject { ["principalId"] = uai.PrincipalId, ["clientId"] = uai.ClientId };
                }
            }

            identity["userAssignedIdentities"] = map;
            if (ws.PrimaryUserAssignedIdentity is { } primary)
            {
                properties["primaryUserAssignedIdentity"] = primary;
            }
        }

        var created = ComputeJson.Iso(ws.CreatedAt);
        return new JsonObject
        {
            ["id"] = ws.Id,
            ["name"] = ws.Name,
            ["type"] = "Microsoft.MachineLearningServices/workspaces",
            ["location"] = ws.Location,
            ["kind"] = "Default",
            ["sku"] = new JsonObject { ["name"] = "Basic", ["tier"] = "Basic" },
            ["identity"] = identity,
            ["systemData"] = new JsonObject
            {
                ["createdBy"] = "emulator@contoso.com",
                ["createdByType"] = "User",
                ["createdAt"] = created,
                ["lastModifiedBy"] = "emulator@contoso.com",
                ["lastModifiedByType"] = "User",
                ["lastModifiedAt"] = created,
            },
            ["properties"] = properties,
        };
    }
}
