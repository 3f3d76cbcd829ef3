using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>ARM list paging: <c>{"value":[...],"nextLink":"..."}</c> with a skip token in the query.</summary>
internal static class Paging
{
    public static JsonObject Page(IEnumerable<JsonNode> items, EmulatorRequest request, int pageSize, string skipParameter = "$skipToken", bool explicitNullNextLink = false)
    {
        var all = items.ToList();
        var offset = int.TryParse(request.QueryValue(skipParameter), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var size = Math.Max(1, pageSize);
        var value = new JsonArray([.. all.Skip(offset).Take(size)]);
        var result = new JsonObject { ["value"] = value };
        if (offset + size < all.Count)
        {
            result["nextLink"] = NextLink(request, skipParameter, offset + size);
        }
        else if (explicitNullNextLink)
        {
            result["nextLink"] = null;
        }

        return result;
    }

    private static string NextLink(EmulatorRequest request, string skipParameter, int next)
    {
        var query = new StringBuilder();
        foreach (var (key, values) in request.Query)
        {
            if (key.Equals(skipParameter, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var v in values)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(v ?? ""));
            }
        }

        query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(skipParameter)).Append('=').Append(next.ToString(CultureInfo.InvariantCulture));
        return new Uri(request.BaseUri, request.Path.TrimStart('/')) + query.ToString();
    }
}
