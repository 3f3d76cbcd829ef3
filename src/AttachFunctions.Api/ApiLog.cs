using Microsoft.Extensions.Logging;

namespace AttachFunctions.Api;

/// <summary>The handlers' log messages (EventIds 3000-3999; Core uses 1000-1999, Workflows 2000-2999): constant templates, ids and reasons only (never bodies, headers, tokens or keys).</summary>
public static partial class ApiLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Started {InstanceId} for {ClusterId} ({Kind}, trigger {Trigger})")]
    public static partial void RunStarted(ILogger logger, string instanceId, string clusterId, string kind, string trigger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "{InstanceId} for {ClusterId} is running; asked it to re-check when done")]
    public static partial void RecheckRaised(ILogger logger, string instanceId, string clusterId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "{InstanceId} is already handling this event; duplicate acknowledged")]
    public static partial void DuplicateEvent(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Event {EventId} ignored: {Reason}")]
    public static partial void EventIgnored(ILogger logger, string eventId, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Delivery rejected ({Status}): {Reason}")]
    public static partial void DeliveryRejected(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Event Grid subscription validation answered")]
    public static partial void ValidationAnswered(ILogger logger);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Could not schedule the run for {ClusterId}; the delivery will be retried")]
    public static partial void ScheduleFailed(ILogger logger, Exception exception, string clusterId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Drift repair {InstanceId} is still running; this firing is skipped")]
    public static partial void DriftSkipped(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Drift repair {InstanceId} started")]
    public static partial void DriftStarted(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Request to {Route} refused ({Status}): {Reason}")]
    public static partial void RequestRefused(ILogger logger, string route, int status, string reason);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Queue message {MessageId} dropped: {Reason}")]
    public static partial void QueueMessageDropped(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "The Event Grid webhook refuses every delivery: its authentication is not configured (EventGrid__WebhookClientId and EventGrid__WebhookTenantId). Queue delivery is not affected")]
    public static partial void WebhookAuthenticationNotConfigured(ILogger logger);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Webhook delivery refused ({Status}): {Reason}")]
    public static partial void WebhookDeliveryRefused(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "Webhook access token signed with a key not in the cached sign-in metadata; the metadata is read again")]
    public static partial void WebhookSigningKeysRefreshed(ILogger logger);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Error, Message = "The sign-in metadata {Address} could not be read ({Error}); webhook deliveries are answered 503 so Event Grid retries them")]
    public static partial void WebhookMetadataUnavailable(ILogger logger, string address, string error);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Warning, Message = "CloudEvents handshake refused ({Status}): {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Purged {Purged} ended runs created before {Cutoff}; kept {Kept} latest runs of clusters in scope (more left: {MoreLeft})")]
    public static partial void RunsPurged(ILogger logger, int purged, int kept, DateTimeOffset cutoff, bool moreLeft);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "The purge of ended runs failed; the next timer firing retries it")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Warning, Message = "Attach policy warning from {Origin}: {Warning}")]
    public static partial void PolicyWarning(ILogger logger, string origin, string warning);
}
