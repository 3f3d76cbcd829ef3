using System.Text.Json.Nodes;

namespace AttachFunctions.Infra.Tests;

/// <summary>
/// One module deployment as ARM would run it for a given parameter set: its template, its resolved parameters and the
/// scope it lands in (<c>/subscriptions/{s}</c> or <c>/subscriptions/{s}/resourceGroups/{g}</c>).
/// </summary>
public sealed record DeployedModule(string Label, JsonObject Template, IReadOnlyDictionary<string, JsonNode?> Parameters, string ScopeId)
{
    /// <summary>
    /// Expands the module deployments of <paramref name="root"/> (copy loops and conditions included) and, recursively,
    /// their own modules. <paramref name="parameters"/> are the deployment's parameters (template defaults fill the
    /// rest) and may carry reserved values (<c>$outputs:&lt;module&gt;</c>) for what only a deployment knows. A module
    /// parameter that cannot be known stays unbound, so only a check that uses it fails; <c>fail()</c> propagates.
    /// </summary>
    public static IReadOnlyList<DeployedModule> Expand(JsonObject root, IReadOnlyDictionary<string, JsonNode?> parameters, string deploymentSubscriptionId)
    {
        var result = new List<DeployedModule>();
        var rootParameters = WithDefaults(root, parameters);
        Walk(root, rootParameters, $"/subscriptions/{deploymentSubscriptionId}", "main", result);
        return result;
    }

    /// <summary>The deployment's parameters: the given values, then the template's defaults for the others.</summary>
    public static Dictionary<string, JsonNode?> WithDefaults(JsonObject template, IReadOnlyDictionary<string, JsonNode?> given)
    {
        var bound = new Dictionary<string, JsonNode?>(given, StringComparer.Ordinal);
        foreach (var (name, declaration) in template["parameters"] as JsonObject ?? [])
        {
            if (!bound.ContainsKey(name) && declaration is JsonObject d && d.TryGetPropertyValue("defaultValue", out var value))
            {
                try
                {
                    bound[name] = ArmExpression.Resolve(value, template, bound);
                }
                catch (UnresolvedExpressionException)
                {
                    // A default that only a deployment knows (e.g. resourceGroup().location): left unbound.
                }
            }
        }

        return bound;
    }

    private static void Walk(JsonObject template, Dictionary<string, JsonNode?> parameters, string scopeId, string path, List<DeployedModule> result)
    {
        var outputs = parameters.Where(p => p.Key.StartsWith('$') && p.Key is not ("$copyIndex" or "$resourceGroupId")).ToList();
        foreach (var resource in (template["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!string.Equals((string?)resource["type"], "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
                || resource["properties"]?["template"] is not JsonObject nested)
            {
                continue;
            }

            var label = path + "/" + ((string?)resource["copy"]?["name"] ?? (string?)resource["name"] ?? "?");
            var count = resource["copy"] is JsonObject copy
                ? (int)ArmExpression.Resolve(copy["count"], template, parameters)!.GetValue<long>()
                : 1;
            for (var i = 0; i < count; i++)
            {
                var local = new Dictionary<string, JsonNode?>(parameters, StringComparer.Ordinal);
                if (resource["copy"] is not null)
                {
                    local["$copyIndex"] = (long)i;
                }

                if (resource["condition"] is { } condition && !ArmExpression.Resolve(condition, template, local)!.GetValue<bool>())
                {
                    continue;
                }

                var moduleScope = ScopeOf(resource, template, local, scopeId);
                var moduleParameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                foreach (var (key, value) in outputs)
                {
                    moduleParameters[key] = value?.DeepClone();
                }

                moduleParameters["$resourceGroupId"] = moduleScope;
                foreach (var (name, value) in resource["properties"]?["parameters"] as JsonObject ?? [])
                {
                    try
                    {
                        moduleParameters[name] = (ArmExpression.Resolve(value, template, local) as JsonObject)?["value"]?.DeepClone();
                    }
                    catch (UnresolvedExpressionException)
                    {
                        // Only a deployment knows it; a check that reads it fails with "not bound".
                    }
                }

                var module = new DeployedModule(count > 1 || resource["copy"] is not null ? $"{label}[{i}]" : label,
                    nested, WithDefaults(nested, moduleParameters), moduleScope);
                result.Add(module);
                Walk(nested, new Dictionary<string, JsonNode?>(module.Parameters, StringComparer.Ordinal), moduleScope, module.Label, result);
            }
        }
    }

    private static string ScopeOf(JsonObject resource, JsonObject template, Dictionary<string, JsonNode?> parameters, string parentScope)
    {
        var parentSubscription = string.Join('/', parentScope.Split('/').Take(3));
        var subscription = resource["subscriptionId"] is { } s
            ? $"/subscriptions/{ArmExpression.ResolveString(s, template, parameters)}"
            : parentSubscription;
        if (resource["resourceGroup"] is { } g)
        {
            return $"{subscription}/resourceGroups/{ArmExpression.ResolveString(g, template, parameters)}";
        }

        // No resource group: a subscription-scoped module, or (from a resource-group template) the parent's group.
        return resource["subscriptionId"] is null && parentScope.Contains("/resourceGroups/", StringComparison.OrdinalIgnoreCase)
            ? parentScope
            : subscription;
    }
}
