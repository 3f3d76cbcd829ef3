using System.Text.Json;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

/// <summary>Event Grid and CloudEvents payloads as Azure Resource Manager system topics send them.</summary>
public static class Events
{
    public static string ExtensionId(string clusterId, string name = "azureml") =>
        $"{clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/{name}";

    /// <summary>One Event Grid schema event (data.authorization and claims as JSON strings when <paramref name="stringEncoded"/>).</summary>
    public static Dictionary<string, object?> EventGrid(string eventType, string operation, string resourceId, string? id = null, bool stringEncoded = false)
    {
        object authorization = new { scope = resourceId, action = operation, evidence = new { role = "Contributor", principalType = "ServicePrincipal" } };
        object claims = new Dictionary<string, string> { ["appid"] = "app", ["http://schemas.microsoft.com/identity/claims/objectidentifier"] = "oid" };
        return new Dictionary<string, object?>
        {
            ["id"] = id ?? Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/" + Sub1,
            ["subject"] = resourceId,
            ["eventType"] = eventType,
            ["eventTime"] = "2026-11-28T10:00:00Z",
            ["dataVersion"] = "2",
            ["metadataVersion"] = "1",
            ["data"] = new Dictionary<string, object?>
            {
                ["authorization"] = stringEncoded ? JsonSerializer.Serialize(authorization) : authorization,
                ["claims"] = stringEncoded ? JsonSerializer.Serialize(claims) : claims,
                ["correlationId"] = Guid.NewGuid().ToString(),
                ["httpRequest"] = stringEncoded ? "{\"method\":\"PUT\"}" : new { method = "PUT" },
                ["resourceProvider"] = operation.Split('/')[0],
                ["resourceUri"] = resourceId,
                ["operationName"] = operation,
                ["status"] = "Succeeded",
                ["subscriptionId"] = Sub1,
                ["tenantId"] = "aaaaaaaa-0000-0000-0000-000000000001",
            },
        };
    }

    public static Dictionary<string, object?> CloudEvent(string eventType, string operation, string resourceId, string? id = null) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id ?? Guid.NewGuid().ToString(),
        ["source"] = "/subscriptions/" + Sub1,
        ["subject"] = resourceId,
        ["type"] = eventType,
        ["time"] = "2026-11-28T10:00:00Z",
        ["data"] = new { resourceUri = resourceId, operationName = operation, status = "Succeeded", authorization = "{\"action\":\"write\"}" },
    };

    /// <summary>The Event Grid schema's SubscriptionValidation handshake (one event), as Event Grid posts it.</summary>
    public static string SubscriptionValidation(string code, string? validationUrl = null) => Batch(new Dictionary<string, object?>
    {
        ["id"] = "v1",
        ["topic"] = "/subscriptions/" + Sub1,
        ["subject"] = "",
        ["eventType"] = "Microsoft.EventGrid.SubscriptionValidationEvent",
        ["eventTime"] = "2026-11-28T10:00:00Z",
        ["dataVersion"] = "1",
        ["data"] = validationUrl is null ? new Dictionary<string, string> { ["validationCode"] = code } : new Dictionary<string, string> { ["validationCode"] = code, ["validationUrl"] = validationUrl },
    });

    public static string Batch(params object[] events) => JsonSerializer.Serialize(events);

    public static string One(object e) => JsonSerializer.Serialize(e);

    public static string ExtensionWrite(string clusterId, string? id = null, bool stringEncoded = false) =>
        Batch(EventGrid("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.KubernetesConfiguration/extensions/write", ExtensionId(clusterId), id, stringEncoded));

    public static string ClusterWrite(string clusterId, string? id = null) =>
        Batch(EventGrid("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.ContainerService/managedClusters/write", clusterId, id));

    public static string ClusterDelete(string clusterId, string? id = null) =>
        Batch(EventGrid("Microsoft.Resources.ResourceDeleteSuccess", "Microsoft.ContainerService/managedClusters/delete", clusterId, id));
}
