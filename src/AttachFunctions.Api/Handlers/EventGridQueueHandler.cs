using AttachFunctions.Api.EventGrid;
using AttachFunctions.Api.Http;
using AttachFunctions.Api.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Api.Handlers;

/// <summary>
/// The Storage queue variant: Event Grid delivers one event per message (Base64 or raw JSON) to <c>cluster-events</c>.
/// Same parser and dispatcher as the webhook. A malformed message is logged and dropped (retrying cannot fix it); a
/// scheduling failure throws so the queue delivers the message again (and poisons it after its retries).
/// </summary>
public sealed class EventGridQueueHandler
{
    public const string QueueName = "cluster-events";

    private readonly EventGridDeliveryParser _parser;
    private readonly ClusterEventDispatcher _dispatcher;
    private readonly ILogger _logger;

    public EventGridQueueHandler(EventGridDeliveryParser parser, ClusterEventDispatcher dispatcher, ILogger<EventGridQueueHandler> logger)
    {
        _parser = parser;
        _dispatcher = dispatcher;
        _logger = logger;
    }

    /// <summary>Handles one message; returns the number of clusters a run was started or re-checked for.</summary>
    public async Task<int> HandleAsync(string message, string messageId, DurableTaskClient client, CancellationToken ct)
    {
        var parsed = _parser.ParseQueueMessage(message);
        if (parsed.Kind is DeliveryKind.Malformed or DeliveryKind.TooLarge)
        {
            ApiLog.QueueMessageDropped(_logger, messageId, parsed.Error!);
            return 0;
        }

        if (parsed.Kind == DeliveryKind.Validation)
        {
            ApiLog.QueueMessageDropped(_logger, messageId, "subscription validation is not used with queue delivery");
            return 0;
        }

        var (clusters, failed) = await _dispatcher.DispatchAsync(client, parsed, ct);
        if (failed)
        {
            throw new InvalidOperationException("A reconcile run could not be scheduled; the message will be delivered again.");
        }

        return clusters;
    }
}
