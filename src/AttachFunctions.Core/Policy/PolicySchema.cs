using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AttachFunctions.Core.Policy;

/// <summary>
/// The policy's JSON Schema (<c>schemas/attach-policy.schema.json</c>, embedded), loaded once, and the translation of
/// its evaluation results into messages a user understands.
/// </summary>
public static class PolicySchema
{
    private const string ResourceName = "AttachFunctions.Core.attach-policy.schema.json";

    private static readonly Lazy<(JsonSchema Schema, JsonNode Node, string Text)> Loaded = new(LoadEmbedded);

    /// <summary>The schema text as shipped.</summary>
    public static string Text => Loaded.Value.Text;

    /// <summary>The parsed schema.</summary>
    public static JsonSchema Schema => Loaded.Value.Schema;

    /// <summary>Evaluates a document against the schema and returns one error per failed keyword.</summary>
    internal static IReadOnlyList<PointerError> Evaluate(JsonElement document)
    {
        var results = Schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<PointerError>();
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            if (detail.Errors is null)
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            var schemaNode = ResolveSchemaNode(detail.SchemaLocation);
            foreach (var (keyword, message) in detail.Errors)
            {
                errors.AddRange(Describe(document, pointer, detail.SchemaLocation, schemaNode, keyword, message));
            }
        }

        // A value of the wrong type also fails its const/enum/pattern/length: the type error says it all.
        var typeErrors = errors.Where(e => e.Keyword == "type").Select(e => e.Pointer).ToHashSet(StringComparer.Ordinal);
        return errors
            .Where(e => !(e.Keyword is "const" or "enum" or "pattern" or "minLength" && typeErrors.Contains(e.Pointer)))
            .Distinct()
            .ToList();
    }

    private static IEnumerable<PointerError> Describe(
        JsonElement document, string pointer, Uri schemaLocation, JsonNode? schemaNode, string keyword, string message)
    {
        var name = DisplayName(pointer);
        var instance = Resolve(document, pointer);
        if (keyword is "" or "false" or "$false")
        {
            var allowed = AllowedProperties(schemaLocation);
            var segments = JsonLineIndex.SplitPointer(pointer);
            var property = segments.Count > 0 ? segments[^1] : "";
            yield return new PointerError(
                pointer,
                allowed.Count > 0
                    ? $"unknown property '{property}' (allowed: {string.Join(", ", allowed)})"
                    : $"unknown property '{property}'",
                "additionalProperties");
            yield break;
        }

        switch (keyword)
        {
            case "required":
                var required = schemaNode?["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [];
                var missing = instance is { ValueKind: JsonValueKind.Object } obj
                    ? required.Where(r => !obj.TryGetProperty(r, out _)).ToList()
                    : [];
                if (missing.Count == 0)
                {
                    yield return new PointerError(pointer, message, keyword);
                }

                foreach (var m in missing)
                {
                    yield return new PointerError(pointer, $"missing required property '{m}'", keyword);
                }

                break;
            case "enum":
                var values = schemaNode?["enum"]?.AsArray().Select(n => n?.ToJsonString().Trim('"')) ?? [];
                yield return new PointerError(pointer, $"'{name}' must be one of {string.Join(", ", values)}{Got(instance)}", keyword);
                break;
            case "const":
                yield return new PointerError(pointer, $"'{name}' must be {schemaNode?["const"]?.ToJsonString()}{Got(instance)}", keyword);
                break;
            case "type":
                var type = schemaNode?["type"]?.ToJsonString().Trim('"')
                    ?? (message.LastIndexOf("should be \"", StringComparison.Ordinal) is var at and >= 0 ? message[(at + 11)..].Trim('"') : "value of another");
                yield return new PointerError(pointer, $"'{name}' must be {Article(type)} {type}, not {Article(KindName(instance))} {KindName(instance)}", keyword);
                break;
            case "minItems":
                var min = schemaNode?["minItems"]?.GetValue<int>() ?? 1;
                yield return new PointerError(pointer, $"'{name}' needs at least {min} item{(min == 1 ? "" : "s")}", keyword);
                break;
            case "maxItems":
                var max = schemaNode?["maxItems"]?.GetValue<int>() ?? 0;
                var count = instance is { ValueKind: JsonValueKind.Array } items ? items.GetArrayLength() : 0;
                yield return new PointerError(pointer, $"'{name}' has {count} items; the limit is {max} (maxItems; see 'Limits' in samples/policy.reference.md)", keyword);
                break;
            case "minLength":
                yield return new PointerError(pointer, $"'{name}' must not be empty", keyword);
                break;
            case "pattern":
                var description = schemaNode?["description"]?.GetValue<string>();
                yield return new PointerError(
                    pointer,
                    $"'{name}' has the wrong form{Got(instance)}" + (description is null ? "" : $": expected {description}"),
                    keyword);
                break;
            default:
                yield return new PointerError(pointer, $"'{name}': {message}", keyword);
                break;
        }
    }

    private static string Got(JsonElement? instance) =>
        instance is { } e ? $" (got {(e.ValueKind == JsonValueKind.String ? "'" + e.GetString() + "'" : e.GetRawText())})" : "";

    private static string Article(string word) => word.Length > 0 && "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static string KindName(JsonElement? e) => e?.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "missing value",
    };

    /// <summary>The name a user knows a value by: its property name, or <c>name[i]</c> for an array item.</summary>
    internal static string DisplayName(string pointer)
    {
        var segments = JsonLineIndex.SplitPointer(pointer);
        if (segments.Count == 0)
        {
            return "$";
        }

        var last = segments[^1];
        if (last.Length > 0 && last.All(char.IsAsciiDigit) && segments.Count > 1)
        {
            return $"{segments[^2]}[{last}]";
        }

        return last;
    }

    internal static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var segment in JsonLineIndex.SplitPointer(pointer))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array
                     && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                     && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static List<string> AllowedProperties(Uri schemaLocation)
    {
        var fragment = Fragment(schemaLocation);
        var cut = fragment.LastIndexOf("/additionalProperties", StringComparison.Ordinal);
        var parent = cut >= 0 ? ResolveNode(fragment[..cut]) : null;
        return parent?["properties"]?.AsObject().Select(p => p.Key).ToList() ?? [];
    }

    private static JsonNode? ResolveSchemaNode(Uri schemaLocation) => ResolveNode(Fragment(schemaLocation));

    private static string Fragment(Uri location)
    {
        var text = location.OriginalString;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? "" : Uri.UnescapeDataString(text[(hash + 1)..]);
    }

    private static JsonNode? ResolveNode(string pointer)
    {
        JsonNode? current = Loaded.Value.Node;
        var previous = "";
        foreach (var segment in JsonLineIndex.SplitPointer(pointer))
        {
            var next = current switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (next is null)
            {
                // The evaluator appends a name after 'additionalProperties'/'items' locations; the subschema is where we are.
                return previous is "additionalProperties" or "items" ? current : null;
            }

            current = next;
            previous = segment;
        }

        return current;
    }

    private static (JsonSchema Schema, JsonNode Node, string Text) LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded policy schema '{ResourceName}' is missing from {typeof(PolicySchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return (JsonSchema.FromText(text), JsonNode.Parse(text)!, text);
    }
}
