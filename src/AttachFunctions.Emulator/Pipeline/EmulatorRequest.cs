using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AttachFunctions.Emulator;

/// <summary>What a route handler sees of a request (the body is already read).</summary>
internal sealed class EmulatorRequest
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string[] Segments { get; init; }
    public required IQueryCollection Query { get; init; }
    public required string? Body { get; init; }
    public required string? ContentType { get; init; }
    public required Uri BaseUri { get; init; }
    public required BearerToken? Token { get; init; }

    public string? QueryValue(string name) =>
        Query.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    /// <summary>Parses the body as a JSON object; null when empty or not an object.</summary>
    public JsonObject? JsonBody()
    {
        if (string.IsNullOrWhiteSpace(Body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public bool Is(int index, string value) =>
        index < Segments.Length && Segments[index].Equals(value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>What a route handler answers.</summary>
internal sealed record EmulatorResponse(int Status, JsonNode? Body = null)
{
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public string? ErrorCode { get; init; }

    public EmulatorResponse WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }

    /// <summary>An ARM error envelope <c>{"error":{"code","message"}}</c>.</summary>
    public static EmulatorResponse ArmError(int status, string code, string message) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }) { ErrorCode = code };

    /// <summary>A Kubernetes <c>kind: Status</c> failure.</summary>
    public static EmulatorResponse KubeStatus(int code, string reason, string message, string? name = null, string kind = "namespaces")
    {
        var body = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        if (name is not null)
        {
            body["details"] = new JsonObject { ["name"] = name, ["kind"] = kind };
        }

        return new EmulatorResponse(code, body) { ErrorCode = reason };
    }

    public static EmulatorResponse NotFound(string type, string name, string resourceGroup) =>
        ArmError(404, "ResourceNotFound", $"The Resource '{type}/{name}' under resource group '{resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
}
