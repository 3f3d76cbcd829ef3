namespace AttachFunctions.Api.EventGrid;

/// <summary>
/// The longest event fields a delivery may carry; a longer one makes the whole delivery malformed (400 on the webhook, the
/// message dropped on the queue) before anything is scheduled or logged. Event Grid bounds only an event's total size
/// (1 MB; Microsoft Learn, "Azure Event Grid event schema"), so the caps come from what the fields hold for the events we
/// handle, with a wide margin:
/// <list type="bullet">
/// <item>Resource ids (<c>topic</c> / CloudEvents <c>source</c>, <c>subject</c>, <c>data.resourceUri</c>): the longest we act on is an
/// extension of a connected cluster: about 140 characters of fixed segments, a 36-character subscription id, a resource group
/// of at most 90 and a cluster name of at most 63 characters (Microsoft Learn, "Naming rules and restrictions for Azure
/// resources"), and the extension's name. 1,024 leaves room for any of them.</item>
/// <item><c>data.operationName</c>: an ARM operation, <c>{provider}/{type}[/{type}...]/{action}</c>
/// (e.g. <c>Microsoft.KubernetesConfiguration/extensions/write</c>, 50 characters): 512.</item>
/// <item><c>id</c> (a GUID for ARM events) and <c>eventType</c> (e.g. <c>Microsoft.Resources.ResourceWriteSuccess</c>, 40
/// characters): 256.</item>
/// </list>
/// </summary>
public static class EventFieldLimits
{
    public const int Id = 256;

    public const int EventType = 256;

    public const int ResourceId = 1024;

    public const int OperationName = 512;

    /// <summary>Null when every field is within its cap; otherwise the error naming the event, the field and the cap.</summary>
    public static string? Check(int index, string? id, string? type, string? topic, string? subject, string? resourceUri, string? operationName) =>
        Over(index, "id", id, Id)
        ?? Over(index, "eventType", type, EventType)
        ?? Over(index, "topic", topic, ResourceId)
        ?? Over(index, "subject", subject, ResourceId)
        ?? Over(index, "data.resourceUri", resourceUri, ResourceId)
        ?? Over(index, "data.operationName", operationName, OperationName);

    private static string? Over(int index, string field, string? value, int cap) =>
        value is not null && value.Length > cap
            ? $"Event {index + 1} of the delivery: {field} is {value.Length} characters long; at most {cap} are accepted."
            : null;
}
