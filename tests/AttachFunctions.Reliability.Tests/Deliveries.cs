using System.Text.Json;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests;

/// <summary>Event Grid deliveries as an ARM subscription system topic sends them.</summary>
internal static class Deliveries
{
    public static Dictionary<string, object?> Event(string eventType, string operation, string subject, string? id = null, string? resourceUri = null) => new()
    {
        ["id"] = id ?? Guid.NewGuid().ToString(),
        ["topic"] = "/subscriptions/" + Sub1,
        ["subject"] = subject,
        ["eventType"] = eventType,
        ["eventTime"] = "2026-11-28T10:00:00Z",
        ["dataVersion"] = "2",
        ["metadataVersion"] = "1",
        ["data"] = new Dictionary<string, object?>
        {
            ["resourceProvider"] = operation.Split('/')[0],
            ["resourceUri"] = resourceUri ?? subject,
            ["operationName"] = operation,
            ["status"] = "Succeeded",
            ["subscriptionId"] = Sub1,
            ["tenantId"] = "aaaaaaaa-0000-0000-0000-000000000001",
        },
    };

    public static string ClusterWrite(string clusterId, string? id = null) =>
        JsonSerializer.Serialize(new[] { Event("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.ContainerService/managedClusters/write", clusterId, id) });

    public static string Batch(params object[] events) => JsonSerializer.Serialize(events);
}
