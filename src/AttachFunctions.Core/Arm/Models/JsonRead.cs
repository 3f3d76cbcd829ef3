using System.Text.Json.Nodes;

namespace AttachFunctions.Core.Arm.Models;

/// <summary>Tolerant readers for ARM JSON: a missing or mistyped field reads as null, never throws.</summary>
internal static class JsonRead
{
    public static string? Str(JsonNode? node, params string[] path)
    {
        var current = Walk(node, path);
        return current is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
    }

    public static bool? Bool(JsonNode? node, params string[] path)
    {
        var current = Walk(node, path);
        return current is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;
    }

    public static JsonNode? Node(JsonNode? node, params string[] path) => Walk(node, path);

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node, params string[] path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Walk(node, path) is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    result[key] = s;
                }
            }
        }

        return result;
    }

    private static JsonNode? Walk(JsonNode? node, string[] path)
    {
        var current = node;
        foreach (var segment in path)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(segment, out current))
            {
                return null;
            }
        }

        return current;
    }
}
