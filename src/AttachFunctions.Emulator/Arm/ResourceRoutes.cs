using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>Plain resources: Relay namespaces (LIST per resource group, GET), container registries, storage accounts, user-assigned identities (GET).</summary>
internal sealed class ResourceRoutes(EmulatorState state)
{
    private static readonly string[] Listable = ["Microsoft.Relay/namespaces", "Microsoft.ContainerRegistry/registries", "Microsoft.Storage/storageAccounts", "Microsoft.ManagedIdentity/userAssignedIdentities"];

    public EmulatorResponse Handle(EmulatorRequest r, string sub, string rg, string type, string? name, string[] rest)
    {
        if (rest.Length > 0)
        {
            return ArmRouter.NoRoute(r);
        }

        var known = Listable.FirstOrDefault(t => t.Equals(type, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            return ArmRouter.NoRoute(r);
        }

        if (name is null)
        {
            return ArmRouter.HttpGetOnly(r, () => new EmulatorResponse(200, Paging.Page(
                state.Resources.Values
                    .Where(x => x.Type == known && x.SubscriptionId.Equals(sub, StringComparison.OrdinalIgnoreCase) && x.ResourceGroup.Equals(rg, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(x => (JsonNode)ToJson(x)),
                r, state.Knobs.PageSize)));
        }

        var id = $"{EmulatorIds.ResourceGroup(sub, rg)}/providers/{known}/{name}";
        return ArmRouter.HttpGetOnly(r, () => state.Resources.TryGetValue(id, out var resource)
            ? new EmulatorResponse(200, ToJson(resource))
            : EmulatorResponse.NotFound(known, name, rg));
    }

    private JsonObject ToJson(SimpleResource x)
    {
        var tags = new JsonObject();
        foreach (var (k, v) in x.Tags)
        {
            tags[k] = v;
        }

        JsonObject properties = x.Type switch
        {
            "Microsoft.Relay/namespaces" => new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["status"] = "Active",
                ["serviceBusEndpoint"] = $"https://{x.Name}.servicebus.windows.net:443/",
            },
            "Microsoft.ContainerRegistry/registries" => new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["loginServer"] = x.Name.ToLowerInvariant() + ".azurecr.io",
                ["adminUserEnabled"] = false,
            },
            "Microsoft.Storage/storageAccounts" => new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["primaryEndpoints"] = new JsonObject { ["blob"] = $"https://{x.Name}.blob.core.windows.net/" },
            },
            _ => new JsonObject
            {
                ["tenantId"] = state.TenantId,
                ["principalId"] = x.PrincipalId,
                ["clientId"] = x.ClientId,
            },
        };
        var json = new JsonObject
        {
            ["id"] = x.Id,
            ["name"] = x.Name,
            ["type"] = x.Type,
            ["location"] = x.Location,
            ["tags"] = tags,
            ["properties"] = properties,
        };
        if (x.Type is "Microsoft.Relay/namespaces" or "Microsoft.ContainerRegistry/registries")
        {
            json["sku"] = new JsonObject { ["name"] = "Standard", ["tier"] = "Standard" };
        }
        else if (x.Type == "Microsoft.Storage/storageAccounts")
        {
            json["sku"] = new JsonObject { ["name"] = "Standard_LRS", ["tier"] = "Standard" };
            json["kind"] = "StorageV2";
        }

        return json;
    }
}
