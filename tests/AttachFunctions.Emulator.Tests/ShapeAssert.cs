using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// Compares the shape of an emulator body with an official example: every field of the example must be present with the
/// same JSON type (values may differ). A null in the example accepts anything; map-valued objects (tags, settings) are data,
/// not fields, so only their type is compared. Array items are compared with the example's first item.
/// </summary>
internal static class ShapeAssert
{
    private static readonly HashSet<string> Maps = new(StringComparer.Ordinal) { "tags", "configurationSettings", "userAssignedIdentities", "labels", "annotations" };

    public static void SameShape(JsonNode? expected, JsonNode? actual, string at = "$")
    {
        var problems = new List<string>();
        Compare(expected, actual, at, problems);
        Assert.True(problems.Count == 0, "Shape differs from the official example:\n" + string.Join("\n", problems));
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string at, List<string> problems)
    {
        if (expected is null)
        {
            return;
        }

        if (actual is null)
        {
            problems.Add($"{at}: missing or null, expected {Kind(expected)}");
            return;
        }

        if (Kind(expected) != Kind(actual))
        {
            problems.Add($"{at}: expected {Kind(expected)}, got {Kind(actual)}");
            return;
        }

        switch (expected)
        {
            case JsonObject eo when !Maps.Contains(Name(at)):
                var ao = (JsonObject)actual;
                foreach (var (key, value) in eo)
                {
                    if (!ao.ContainsKey(key))
                    {
                        problems.Add($"{at}.{key}: missing");
                        continue;
                    }

                    Compare(value, ao[key], at + "." + key, problems);
                }

                break;
            case JsonArray ea when ea.Count > 0:
                var aa = (JsonArray)actual;
                if (aa.Count == 0)
                {
                    problems.Add($"{at}: empty array, the example has items");
                }

                for (var i = 0; i < aa.Count; i++)
                {
                    Compare(ea[0], aa[i], $"{at}[{i}]", problems);
                }

                break;
        }
    }

    private static string Name(string at) => at[(at.LastIndexOf('.') + 1)..];

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var k => k.ToString().ToLowerInvariant(),
    };
}
