using System.Globalization;
using System.Text.Json.Nodes;
using AttachFunctions.Core.Clusters;

namespace AttachFunctions.Cli.Demo;

/// <summary>
/// Event Grid deliveries in the shapes Azure sends from a subscription system topic: <c>ResourceWriteSuccess</c>
/// events in the Event Grid schema (a JSON array) and as CloudEvents 1.0, and the validation handshake.
/// </summary>
internal sealed class EventPayloads
{
    private const string TenantId = "aaaaaaaa-0000-0000-0000-000000000001";
    private readonly DateTimeOffset _start;
    private int _sequence;

    public EventPayloads(DateTimeOffset start)
    {
        _start = start;
    }

    public static string ClusterWriteOperation(ClusterId cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.ResourceType + "/write";
    }

    public const string ExtensionWriteOperation = "Microsoft.KubernetesConfiguration/extensions/write";

    public static string ExtensionId(ClusterId cluster, string extensionName)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return $"{cluster.Id}/providers/Microsoft.KubernetesConfiguration/extensions/{extensionName}";
    }

    /// <summary>The SubscriptionValidation handshake Event Grid sends when the subscription is created.</summary>
    public JsonArray Validation(string code) =>
    [
        new JsonObject
        {
            ["id"] = NextId(),
            ["topic"] = "/subscriptions/11111111-1111-1111-1111-111111111111",
            ["subject"] = "",
            ["eventType"] = "Microsoft.EventGrid.SubscriptionValidationEvent",
            ["eventTime"] = Time(),
            ["data"] = new JsonObject { ["validationCode"] = code, ["validationUrl"] = "https://rp-westeurope.eventgrid.azure.net/validate?id=demo&t=0" },
            ["dataVersion"] = "2",
            ["metadataVersion"] = "1",
        },
    ];

    /// <summary>One Event Grid schema event; <paramref name="stringEncoded"/> sends claims and httpRequest as JSON strings (as some topics do).</summary>
    public JsonObject EventGridEvent(ClusterId cluster, string resourceUri, string operation, bool stringEncoded = false)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new JsonObject
        {
            ["id"] = NextId(),
            ["topic"] = "/subscriptions/" + cluster.SubscriptionId,
            ["subject"] = resourceUri,
            ["eventType"] = "Microsoft.Resources.ResourceWriteSuccess",
            ["eventTime"] = Time(),
            ["data"] = Data(cluster, resourceUri, operation, stringEncoded),
            ["dataVersion"] = "2",
            ["metadataVersion"] = "1",
        };
    }

    /// <summary>The same event as a CloudEvent 1.0.</summary>
    public JsonObject CloudEvent(ClusterId cluster, string resourceUri, string operation)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new JsonObject
        {
            ["specversion"] = "1.0",
            ["type"] = "Microsoft.Resources.ResourceWriteSuccess",
            ["source"] = "/subscriptions/" + cluster.SubscriptionId,
            ["subject"] = resourceUri,
            ["id"] = NextId(),
            ["time"] = Time(),
            ["datacontenttype"] = "application/json",
            ["data"] = Data(cluster, resourceUri, operation, stringEncoded: false),
        };
    }

    private static JsonObject Data(ClusterId cluster, string resourceUri, string operation, bool stringEncoded)
    {
        var claims = new JsonObject { ["aud"] = "https://management.core.windows.net/", ["appid"] = "04b07795-8ddb-461a-bbee-02f9e1bf7b46", ["http://schemas.microsoft.com/identity/claims/tenantid"] = TenantId };
        var httpRequest = new JsonObject { ["clientRequestId"] = "", ["clientIpAddress"] = "203.0.113.10", ["method"] = "PUT", ["url"] = resourceUri + "?api-version=2024-09-01" };
        var provider = operation[..operation.IndexOf('/', StringComparison.Ordinal)];
        return new JsonObject
        {
            ["authorization"] = new JsonObject { ["scope"] = resourceUri, ["action"] = operation, ["evidence"] = new JsonObject { ["role"] = "Contributor" } },
            ["claims"] = stringEncoded ? claims.ToJsonString() : claims,
            ["correlationId"] = Guid.NewGuid().ToString(),
            ["httpRequest"] = stringEncoded ? httpRequest.ToJsonString() : httpRequest,
            ["resourceProvider"] = provider,
            ["resourceUri"] = resourceUri,
            ["operationName"] = operation,
            ["status"] = "Succeeded",
            ["subscriptionId"] = cluster.SubscriptionId,
            ["tenantId"] = TenantId,
        };
    }

    private string NextId() => $"00000000-0000-4000-8000-{Interlocked.Increment(ref _sequence).ToString("D12", CultureInfo.InvariantCulture)}";

    private string Time() => _start.AddSeconds(_sequence).ToString("O", CultureInfo.InvariantCulture);
}
