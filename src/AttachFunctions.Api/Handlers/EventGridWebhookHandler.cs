using AttachFunctions.Api.EventGrid;
using AttachFunctions.Api.Http;
using AttachFunctions.Api.Options;
using AttachFunctions.Api.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Handlers;

/// <summary>
/// <c>POST /api/events</c>: the Event Grid webhook (Event Grid schema and CloudEvents 1.0, both handshakes). It parses,
/// starts one reconcile run per cluster, and answers: 200 for handled or irrelevant events, 400 for a malformed body
/// (Event Grid dead-letters it), 413 for an oversized batch, 503 when it could not schedule (Event Grid retries).
/// </summary>
public sealed class EventGridWebhookHandler
{
    private readonly EventGridDeliveryParser _parser;
    private readonly ClusterEventDispatcher _dispatcher;
    private readonly EventGridOptions _options;
    private readonly ILogger _logger;

    public EventGridWebhookHandler(EventGridDeliveryParser parser, ClusterEventDispatcher dispatcher, IOptions<EventGridOptions> options, ILogger<EventGridWebhookHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _parser = parser;
        _dispatcher = dispatcher;
        _options = options.Value;
        _logger = logger;
    }

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
            ApiLog.DeliveryRejected(_logger, 413, "body too large");
            return ApiResults.Error(413, $"The body is larger than {_options.MaxBodyBytes} bytes.");
        }

        var parsed = _parser.Parse(body);
        switch (parsed.Kind)
        {
            case DeliveryKind.Malformed:
                ApiLog.DeliveryRejected(_logger, 400, parsed.Error!);
                return ApiResults.Error(400, parsed.Error!);
            case DeliveryKind.TooLarge:
                ApiLog.DeliveryRejected(_logger, 413, parsed.Error!);
                return ApiResults.Error(413, parsed.Error!);
            case DeliveryKind.Validation:
                ApiLog.ValidationAnswered(_logger);
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
        ApiLog.ValidationAnswered(_logger);
        return new OkResult();
    }
}
