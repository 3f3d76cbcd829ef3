using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace AttachFunctions.Api.Http;

/// <summary>JSON responses of the HTTP endpoints (camelCase, enums as strings).</summary>
public static class ApiResults
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ContentResult Of(int status, object body) => new()
    {
        StatusCode = status,
        ContentType = "application/json; charset=utf-8",
        Content = JsonSerializer.Serialize(body, Json),
    };

    public static ContentResult Error(int status, string message) => Of(status, new { error = message });
}
