using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttachFunctions.TestSupport;

/// <summary>
/// Validates JSON against OpenAPI 2.0 definitions, following <c>$ref</c>s across files, <c>allOf</c> and
/// <c>discriminator</c> subtypes. Strict: required fields, JSON types, enums, date-time/uuid formats, and no fields the
/// schema does not declare. Null is accepted only where the schema says <c>x-nullable</c> or where the caller lists a
/// property the real service is known to send as null (per the official examples).
/// </summary>
public sealed class OpenApiValidator(IReadOnlySet<string>? nullableAnyway = null)
{
    private readonly Dictionary<string, JsonObject> _documents = [];
    private readonly IReadOnlySet<string> _nullableAnyway = nullableAnyway ?? new HashSet<string>();

    private sealed record Part(JsonObject Schema, string Document, string? Name);

    public IReadOnlyList<string> Validate(JsonNode? value, string documentPath, string definition)
    {
        var errors = new List<string>();
        var full = Path.GetFullPath(documentPath);
        var schema = (JsonObject)Document(full)["definitions"]![definition]!;
        Check(value, new Part(schema, full, definition), "$", errors, nullableHere: false);
        return errors;
    }

    private JsonObject Document(string path)
    {
        if (!_documents.TryGetValue(path, out var doc))
        {
            doc = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
            _documents[path] = doc;
        }

        return doc;
    }

    private Part Resolve(Part part)
    {
        var current = part;
        while (current.Schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var hash = reference.IndexOf('#', StringComparison.Ordinal);
            var file = hash == 0 ? current.Document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current.Document)!, reference[..hash]));
            var pointer = reference[(hash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            JsonNode node = Document(file);
            foreach (var segment in pointer)
            {
                node = node[segment] ?? throw new InvalidOperationException($"Unresolvable $ref '{reference}' from '{current.Document}'.");
            }

            current = new Part((JsonObject)node, file, pointer[^1]);
        }

        return current;
    }

    private List<Part> Flatten(Part part, JsonNode? value, HashSet<string> seen)
    {
        var resolved = Resolve(part);
        var key = resolved.Document + "#" + (resolved.Name ?? resolved.Schema.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!seen.Add(key))
        {
            return [];
        }

        var parts = new List<Part> { resolved };
        if (resolved.Schema["allOf"] is JsonArray allOf)
        {
            foreach (var item in allOf)
            {
                parts.AddRange(Flatten(new Part((JsonObject)item!, resolved.Document, null), value, seen));
            }
        }

        if (resolved.Schema["discriminator"]?.GetValue<string>() is { } discriminator
            && value?[discriminator] is JsonValue discriminatorValue
            && discriminatorValue.TryGetValue<string>(out var typeName))
        {
            var definitions = (JsonObject)Document(resolved.Document)["definitions"]!;
            var subtype = definitions.FirstOrDefault(d =>
                d.Value is JsonObject o
                && (o["x-ms-discriminator-value"]?.GetValue<string>() ?? d.Key) == typeName
                && o["allOf"] is JsonArray a
                && a.Any(x => x?["$ref"]?.GetValue<string>() == "#/definitions/" + resolved.Name));
            if (subtype.Value is JsonObject sub)
            {
                parts.AddRange(Flatten(new Part(sub, resolved.Document, subtype.Key), value, seen));
            }
            else
            {
                parts.Add(new Part(new JsonObject { ["x-unknown-discriminator"] = typeName }, resolved.Document, null));
            }
        }

        return parts;
    }

    private void Check(JsonNode? value, Part part, string at, List<string> errors, bool nullableHere)
    {
        var nullable = nullableHere || part.Schema["x-nullable"]?.GetValue<bool>() == true;
        var parts = Flatten(part, value, []);
        nullable |= parts.Any(p => p.Schema["x-nullable"]?.GetValue<bool>() == true);
        if (value is null)
        {
            if (!nullable)
            {
                errors.Add($"{at}: null is not allowed");
            }

            return;
        }

        if (parts.FirstOrDefault(p => p.Schema.ContainsKey("x-unknown-discriminator")) is { } unknown)
        {
            errors.Add($"{at}: no subtype for discriminator value '{unknown.Schema["x-unknown-discriminator"]}'");
        }

        var type = parts.Select(p => p.Schema["type"]?.GetValue<string>()).FirstOrDefault(t => t is not null);
        var hasProperties = parts.Any(p => p.Schema["properties"] is JsonObject);
        type ??= hasProperties ? "object" : null;
        if (type is not null && !TypeMatches(type, value))
        {
            errors.Add($"{at}: expected {type}, got {value.GetValueKind()}");
            return;
        }

        foreach (var p in parts)
        {
            if (p.Schema["enum"] is JsonArray values && value is JsonValue v && v.TryGetValue<string>(out var text)
                && !values.Any(e => e?.GetValue<string>() == text))
            {
                errors.Add($"{at}: '{text}' is not one of [{string.Join(", ", values)}]");
            }

            if (p.Schema["format"]?.GetValue<string>() is { } format && value is JsonValue fv && fv.TryGetValue<string>(out var formatted))
            {
                if (format == "date-time" && !DateTimeOffset.TryParse(formatted, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
                {
                    errors.Add($"{at}: '{formatted}' is not a date-time");
                }
                else if (format == "uuid" && !Guid.TryParse(formatted, out _))
                {
                    errors.Add($"{at}: '{formatted}' is not a uuid");
                }
            }
        }

        if (value is JsonObject obj)
        {
            CheckObject(obj, parts, at, errors);
        }
        else if (value is JsonArray array && parts.Select(p => p.Schema["items"]).FirstOrDefault(i => i is not null) is JsonObject items)
        {
            var itemsPart = parts.First(p => p.Schema["items"] is not null);
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], new Part(items, itemsPart.Document, null), $"{at}[{i}]", errors, nullableHere: false);
            }
        }
    }

    private void CheckObject(JsonObject obj, List<Part> parts, string at, List<string> errors)
    {
        var declared = new Dictionary<string, Part>(StringComparer.Ordinal);
        Part? additional = null;
        var freeForm = true;
        foreach (var p in parts)
        {
            if (p.Schema["properties"] is JsonObject properties)
            {
                freeForm = false;
                foreach (var (name, schema) in properties)
                {
                    declared.TryAdd(name, new Part((JsonObject)schema!, p.Document, null));
                }
            }

            if (p.Schema["additionalProperties"] is JsonObject extra)
            {
                freeForm = false;
                additional = new Part(extra, p.Document, null);
            }

            foreach (var required in p.Schema["required"]?.AsArray() ?? [])
            {
                var name = required!.GetValue<string>();
                if (!obj.ContainsKey(name))
                {
                    errors.Add($"{at}.{name}: required but missing");
                }
            }
        }

        foreach (var (name, child) in obj)
        {
            if (declared.TryGetValue(name, out var schema))
            {
                Check(child, schema, $"{at}.{name}", errors, _nullableAnyway.Contains(name));
            }
            else if (additional is not null)
            {
                Check(child, additional, $"{at}.{name}", errors, _nullableAnyway.Contains(name));
            }
            else if (!freeForm)
            {
                errors.Add($"{at}.{name}: not declared by the schema");
            }
        }
    }

    private static bool TypeMatches(string type, JsonNode value) => (type, value.GetValueKind()) switch
    {
        ("object", JsonValueKind.Object) => true,
        ("array", JsonValueKind.Array) => true,
        ("string", JsonValueKind.String) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("integer", JsonValueKind.Number) => value.AsValue().TryGetValue<long>(out _),
        ("number", JsonValueKind.Number) => true,
        _ => false,
    };
}
