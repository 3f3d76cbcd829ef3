using System.Text.Json;

namespace AttachFunctions.Core.Policy;

/// <summary>Tolerant accessors for semantic checks: a value of the wrong JSON type reads as absent (the schema reports it).</summary>
internal static class JsonElementAccess
{
    public static string Child(string pointer, string name) => pointer + "/" + JsonLineIndex.EscapePointer(name);

    public static string Item(string pointer, int index) => $"{pointer}/{index}";

    public static bool TryGet(this JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value);
    }

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.TryGet(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static string? String(this JsonElement element, string name) =>
        element.TryGet(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool? Boolean(this JsonElement element, string name) =>
        element.TryGet(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    /// <summary>The items of an array property with their pointers; empty when absent or not an array.</summary>
    public static IEnumerable<(JsonElement Value, string Pointer, int Index)> Items(this JsonElement element, string name, string pointer)
    {
        if (!element.TryGet(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        var arrayPointer = Child(pointer, name);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            yield return (item, Item(arrayPointer, i), i);
            i++;
        }
    }

    /// <summary>The string items of an array property; other items are skipped.</summary>
    public static IEnumerable<(string Value, string Pointer, int Index)> StringItems(this JsonElement element, string name, string pointer) =>
        element.Items(name, pointer)
            .Where(i => i.Value.ValueKind == JsonValueKind.String)
            .Select(i => (i.Value.GetString()!, i.Pointer, i.Index));

    /// <summary>The members of an object property with their pointers; empty when absent or not an object.</summary>
    public static IEnumerable<(string Name, JsonElement Value, string Pointer)> Members(this JsonElement element, string name, string pointer)
    {
        if (element.Object(name) is not { } obj)
        {
            yield break;
        }

        var objectPointer = Child(pointer, name);
        foreach (var property in obj.EnumerateObject())
        {
            yield return (property.Name, property.Value, Child(objectPointer, property.Name));
        }
    }
}
