using System.Text.Json;
using System.Text.Json.Nodes;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Policy;
using Azure.Messaging;
using Azure.Messaging.EventGrid;

namespace AttachFunctions.Api.EventGrid;

/// <summary>
/// Parses an Event Grid delivery (Event Grid schema array, or CloudEvents 1.0 single or batch) into cluster intents:
/// ResourceWriteSuccess for cluster and ML-extension writes, ResourceDeleteSuccess for cluster deletes. Everything else
/// is acknowledged and ignored with a reason. Resource ids are compared case-insensitively and normalized; extension
/// ids map to their cluster; clusters outside the policy's scope are ignored. Only the envelope is bound to types:
/// <c>data.authorization</c>, <c>claims</c> and <c>httpRequest</c> may be objects or JSON strings and are not needed.
/// A delivery with an id, type, topic, subject, resource id or operation name longer than <see cref="EventFieldLimits"/>
/// allows is malformed as a whole.
/// </summary>
public sealed class EventGridDeliveryParser
{
    private readonly PolicyScope _scope;
    private readonly int _maxBatchSize;

    public EventGridDeliveryParser(PolicyScope scope, int maxBatchSize)
    {
        _scope = scope;
        _maxBatchSize = maxBatchSize;
    }

    /// <summary>Parses a webhook body (an array or a single event).</summary>
    public DeliveryParseResult Parse(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.ToMemory().Span, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return DeliveryParseResult.Malformed($"The body is not JSON ({ex.Message}).");
        }

        var items = root switch
        {
            JsonArray array => array.ToArray(),
            JsonObject obj => [obj],
            _ => null,
        };
        if (items is null || items.Length == 0)
        {
            return DeliveryParseResult.Malformed("The body must be an Event Grid event array or a CloudEvents event or batch; it is empty or not an object/array.");
        }

        if (items.Any(i => i is not JsonObject))
        {
            return DeliveryParseResult.Malformed("Every element of the batch must be a JSON object.");
        }

        if (items.Length > _maxBatchSize)
        {
            return new DeliveryParseResult(DeliveryKind.TooLarge, [], [], Error: $"The batch holds {items.Length} events; at most {_maxBatchSize} are accepted (set the subscription's maxEventsPerBatch).");
        }

        var cloudEvents = items.Count(i => i!.AsObject().ContainsKey("specversion"));
        if (cloudEvents != 0 && cloudEvents != items.Length)
        {
            return DeliveryParseResult.Malformed("The batch mixes CloudEvents and Event Grid schema events.");
        }

        try
        {
            return cloudEvents > 0 ? FromCloudEvents(CloudEvent.ParseMany(body)) : FromEventGridEvents(EventGridEvent.ParseMany(body));
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException or InvalidOperationException)
        {
            return DeliveryParseResult.Malformed($"The events do not follow the {(cloudEvents > 0 ? "CloudEvents 1.0" : "Event Grid")} schema: {ex.Message}");
        }
    }

    /// <summary>Parses one Storage queue message: Base64-encoded or raw JSON, one event (an array is accepted too).</summary>
    public DeliveryParseResult ParseQueueMessage(string message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return DeliveryParseResult.Malformed("The queue message is empty.");
        }

        var trimmed = message.Trim();
        if (trimmed[0] is '{' or '[')
        {
            return Parse(BinaryData.FromString(trimmed));
        }

        try
        {
            return Parse(BinaryData.FromBytes(Convert.FromBase64String(trimmed)));
        }
        catch (FormatException)
        {
            return DeliveryParseResult.Malformed("The queue message is neither JSON nor Base64-encoded JSON.");
        }
    }

    private DeliveryParseResult FromEventGridEvents(EventGridEvent[] events)
    {
        var incoming = events.Select(e => new Incoming(e.Id, e.EventType, e.Topic, e.Subject, ReadData(e.Data))).ToList();
        if (OverLimit(incoming) is { } error)
        {
            return DeliveryParseResult.Malformed(error);
        }

        var validation = incoming.FirstOrDefault(e => string.Equals(e.Type, EventOperations.SubscriptionValidation, StringComparison.OrdinalIgnoreCase));
        if (validation is not null)
        {
            var code = validation.Payload?["validationCode"]?.GetValue<string>();
            return string.IsNullOrEmpty(code)
                ? DeliveryParseResult.Malformed("The SubscriptionValidation event has no data.validationCode.")
                : new DeliveryParseResult(DeliveryKind.Validation, [], [], ValidationCode: code);
        }

        return Collect(incoming);
    }

    private DeliveryParseResult FromCloudEvents(CloudEvent[] events)
    {
        var incoming = events.Select(e => new Incoming(e.Id, e.Type, e.Source, e.Subject, ReadData(e.Data))).ToList();
        return OverLimit(incoming) is { } error ? DeliveryParseResult.Malformed(error) : Collect(incoming);
    }

    /// <summary>The first field longer than <see cref="EventFieldLimits"/> allows, in any event of the delivery.</summary>
    private static string? OverLimit(List<Incoming> events) =>
        events.Select((e, i) => EventFieldLimits.Check(i, e.Id, e.Type, e.Topic, e.Subject, e.ResourceUri, e.OperationName))
            .FirstOrDefault(error => error is not null);

    private DeliveryParseResult Collect(List<Incoming> events)
    {
        var intents = new List<ClusterEventIntent>();
        var ignored = new List<IgnoredEvent>();
        foreach (var e in events)
        {
            var (intent, reason) = Interpret(e);
            if (intent is not null)
            {
                intents.Add(intent);
            }
            else
            {
                ignored.Add(new IgnoredEvent(e.Id, reason));
            }
        }

        return new DeliveryParseResult(DeliveryKind.Events, intents, ignored);
    }

    private (ClusterEventIntent? Intent, string Reason) Interpret(Incoming e)
    {
        var isWrite = string.Equals(e.Type, EventOperations.WriteSuccess, StringComparison.OrdinalIgnoreCase);
        var isDelete = string.Equals(e.Type, EventOperations.DeleteSuccess, StringComparison.OrdinalIgnoreCase);
        if (!isWrite && !isDelete)
        {
            return (null, $"event type {Short(e.Type)} is not handled");
        }

        var operation = e.OperationName;
        ClusterEventKind kind;
        if (isWrite && EventOperations.IsWrite(operation))
        {
            kind = ClusterEventKind.Write;
        }
        else if (isDelete && EventOperations.IsClusterDelete(operation))
        {
            kind = ClusterEventKind.Delete;
        }
        else
        {
            return (null, $"operation {Short(operation ?? "(none)")} is not handled for {Short(e.Type)}");
        }

        var resource = !string.IsNullOrEmpty(e.ResourceUri) ? e.ResourceUri : e.Subject;
        if (!ClusterId.TryParse(resource, out var cluster, out var error))
        {
            return (null, $"resource id not understood: {error}");
        }

        if (!_scope.Contains(cluster.Id, out var outOfScope))
        {
            return (null, $"cluster {cluster.Name} is outside the policy's scope: {outOfScope}");
        }

        return (new ClusterEventIntent(cluster, kind, e.Id), "");
    }

    /// <summary>The event's data as JSON; a JSON-encoded string holding an object is unwrapped.</summary>
    private static JsonNode? ReadData(BinaryData? data)
    {
        if (data is null || data.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(data.ToMemory().Span);
            if (node is JsonValue value && value.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('{'))
            {
                node = JsonNode.Parse(text);
            }

            return node;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Short(string value) => value.Length <= 120 ? value : value[..120] + "...";

    /// <summary>One event of a delivery, in either schema: the envelope fields we read and its data.</summary>
    private sealed record Incoming(string Id, string Type, string? Topic, string? Subject, JsonNode? Payload)
    {
        public string? OperationName => Text("operationName");

        public string? ResourceUri => Text("resourceUri");

        private string? Text(string name) => Payload is JsonObject data && data[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
    }
}
