using System.Text.Json.Nodes;

namespace AttachFunctions.Infra.Tests;

/// <summary>A resource of the compiled template, with the (nested) template it is declared in and the deployment that holds that template.</summary>
public sealed record TemplateResource(JsonObject Resource, JsonObject Template, JsonObject? Deployment)
{
    public string Type => (string?)Resource["type"] ?? string.Empty;

    public JsonObject Properties => Resource["properties"] as JsonObject ?? [];

    /// <summary>Every resource of the template and of its nested module deployments, depth first.</summary>
    public static IEnumerable<TemplateResource> All(JsonObject template, JsonObject? deployment = null)
    {
        foreach (var resource in (template["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            yield return new TemplateResource(resource, template, deployment);
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in All(nested, resource))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Every template: the root and each nested module template.</summary>
    public static IEnumerable<JsonObject> Templates(JsonObject root) =>
        [root, .. All(root).Select(r => r.Resource["properties"]?["template"]).OfType<JsonObject>()];

    /// <summary>Resources of one type (case-insensitive, as ARM compares types).</summary>
    public static IEnumerable<TemplateResource> OfType(JsonObject root, string type) =>
        All(root).Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));
}
