using AttachFunctions.EventGrid;
using AttachFunctions.Hosting;
using AttachFunctions.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Triggers;

/// <summary>
/// <c>POST /api/events</c>: the Event Grid webhook (Event Grid schema and CloudEvents 1.0, both handshakes). It parses,
/// starts one reconcile run per cluster, and answers: 200 for handled or irrelevant events, 400 for a malformed body
/// (Event Grid dead-letters it), 413 for an oversized batch, 503 when it could not schedule (Event Grid retries).
/// </summary>
public sealed class EventGridWebhookFunction
{
    private readonly EventGridDeliveryParser _parser;
    private readonly ClusterEventDispatcher _dispatcher;
    private readonly EventGridOptions _options;
    private readonly ILogger _logger;

    public EventGridWebhookFunction(EventGridDeliveryParser parser, ClusterEventDispatcher dispatcher, IOptions<EventGridOptions> options, ILogger<EventGridWebhookFunction> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _parser = parser;
        _dispatcher = dispatcher;
        _options = options.Value;
        _logger = logger;
    }

    [Function("EventGridWebhook")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = "events")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        HandleAsync(request, client, context?.CancellationToken ?? CancellationToken.None);

    public async Task<IActionResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsOptions(request.Method))
        {
            return CloudEventsHandshake(request);
        }

        var body = await BodyReader.ReadAsync(request, _options.MaxBodyBytes, ct);
        if (body is null)
        {
            AppLog.DeliveryRejected(_logger, 413, "body too large");
            return ApiResults.Error(413, $"The body is larger than {_options.MaxBodyBytes} bytes.");
        }

        var parsed = _parser.Parse(body);
        switch (parsed.Kind)
        {
            case DeliveryKind.Malformed:
                AppLog.DeliveryRejected(_logger, 400, parsed.Error!);
                return ApiResults.Error(400, parsed.Error!);
            case DeliveryKind.TooLarge:
                AppLog.DeliveryRejected(_logger, 413, parsed.Error!);
                return ApiResults.Error(413, parsed.Error!);
            case DeliveryKind.Validation:
                AppLog.ValidationAnswered(_logger);
                return ApiResults.Of(200, new { validationResponse = parsed.ValidationCode });
        }

        var dispatched = await _dispatcher.DispatchAsync(client, parsed, ct);
        return dispatched.Failed
            ? ApiResults.Error(503, "The events could not be scheduled right now; deliver them again.")
            : ApiResults.Of(200, new { accepted = dispatched.Clusters, ignored = parsed.Ignored.Count });
    }

    private IActionResult CloudEventsHandshake(HttpRequest request)
    {
        var origin = request.Headers["WebHook-Request-Origin"].ToString();
        if (string.IsNullOrWhiteSpace(origin))
        {
            return ApiResults.Error(400, "An OPTIONS request must carry WebHook-Request-Origin (CloudEvents abuse protection).");
        }

        request.HttpContext.Response.Headers["WebHook-Allowed-Origin"] = origin;
        request.HttpContext.Response.Headers["WebHook-Allowed-Rate"] = "*";
        AppLog.ValidationAnswered(_logger);
        return new OkResult();
    }
}
