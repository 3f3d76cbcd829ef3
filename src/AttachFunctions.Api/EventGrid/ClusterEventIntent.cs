using AttachFunctions.Core.Clusters;

namespace AttachFunctions.Api.EventGrid;

/// <summary>What an event asks for: a cluster (or its ML extension) was written, or a cluster was deleted.</summary>
public enum ClusterEventKind
{
    Write,
    Delete,
}

/// <summary>One relevant event: the normalized cluster, what happened, and the event id (for duplicate detection).</summary>
public sealed record ClusterEventIntent(ClusterId Cluster, ClusterEventKind Kind, string EventId);

/// <summary>An event that was acknowledged but not acted on, and why (for the log; never the payload).</summary>
public sealed record IgnoredEvent(string EventId, string Reason);

/// <summary>How a delivery was understood.</summary>
public enum DeliveryKind
{
    /// <summary>Events (possibly none relevant).</summary>
    Events,

    /// <summary>The Event Grid schema SubscriptionValidation handshake.</summary>
    Validation,

    /// <summary>Not a valid Event Grid or CloudEvents delivery: answer 400 (Event Grid dead-letters instead of retrying).</summary>
    Malformed,

    /// <summary>More events than the configured batch size: answer 413.</summary>
    TooLarge,
}

/// <summary>The result of parsing one delivery.</summary>
public sealed record DeliveryParseResult(
    DeliveryKind Kind,
    IReadOnlyList<ClusterEventIntent> Intents,
    IReadOnlyList<IgnoredEvent> Ignored,
    string? ValidationCode = null,
    string? Error = null)
{
    public static DeliveryParseResult Malformed(string error) => new(DeliveryKind.Malformed, [], [], Error: error);
}
