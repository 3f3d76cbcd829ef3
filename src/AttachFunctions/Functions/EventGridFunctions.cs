using AttachFunctions.Api.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AttachFunctions.Functions;

/// <summary>Event Grid deliveries: the webhook (<c>POST|OPTIONS /api/events</c>) and the <c>cluster-events</c> queue.</summary>
public sealed class EventGridFunctions
{
    private readonly EventGridWebhookHandler _webhook;
    private readonly EventGridQueueHandler _queue;

    public EventGridFunctions(EventGridWebhookHandler webhook, EventGridQueueHandler queue)
    {
        _webhook = webhook;
        _queue = queue;
    }

    /// <summary>
    /// Anonymous at the platform: the event subscription's URL carries no function key. The handler authenticates every
    /// POST by the Entra access token Event Grid sends (EntraWebhookAuthenticator) and answers the OPTIONS handshake for
    /// Event Grid's origin only.
    /// </summary>
    [Function("EventGridWebhook")]
    public Task<IActionResult> Webhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "events")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        _webhook.HandleAsync(request, client, context?.CancellationToken ?? CancellationToken.None);

    [Function("EventGridQueue")]
    public Task Queue(
        [QueueTrigger(EventGridQueueHandler.QueueName, Connection = "AzureWebJobsStorage")] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        _queue.HandleAsync(message, context?.InvocationId ?? "", client, context?.CancellationToken ?? CancellationToken.None);
}
