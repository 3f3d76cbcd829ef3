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

    [Function("EventGridWebhook")]
    public Task<IActionResult> Webhook(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = "events")] HttpRequest request,
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
