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
/// <c>POST /api/events</c>: the Event Grid webhook (Event Grid schema and CloudEvents 1.0, both handshakes). Every POST,
/// the SubscriptionValidation event included, is authenticated first (<see cref="IWebhookAuthenticator"/>: 401/403, or
/// 503 when the signing keys cannot be read); then it parses, starts one reconcile run per cluster, and answers: 200 for
/// handled or irrelevant events, 400 for a malformed body (Event Grid dead-letters it), 413 for an oversized batch, 503
/// when it could not schedule (Event Grid retries). The CloudEvents <c>OPTIONS</c> handshake schedules nothing and is
/// answered for Event Grid's origin only.
/// </summary>
public sealed class EventGridWebhookHandler
{
    /// <summary>
    /// The origin Event Grid names in the CloudEvents abuse-protection handshake. That handshake only asks whether the
    /// endpoint consents to deliveries and is not meant to establish an authentication context (Microsoft Learn,
    /// "Endpoint validation with CloudEvents schema"); it schedules nothing, so it is answered without a token, for this
    /// origin only, and every delivery that follows is a POST that must carry the token.
    /// </summary>
    public const string EventGridOrigin = "eventgrid.azure.net";

    private readonly EventGridDeliveryParser _parser;
    private readonly ClusterEventDispatcher _dispatcher;
    private readonly EventGridOptions _options;
    private readonly IWebhookAuthenticator _authenticator;
    private readonly ILogger _logger;

    public EventGridWebhookHandler(
        EventGridDeliveryParser parser, ClusterEventDispatcher dispatcher, IOptions<EventGridOptions> options, IWebhookAuthenticator authenticator, ILogger<EventGridWebhookHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _parser = parser;
        _dispatcher = dispatcher;
        _options = options.Value;
        _authenticator = authenticator;
        _logger = logger;
    }

    public async Task<IActionResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsOptions(request.Method))
        {
            return CloudEventsHandshake(request);
        }

        if (await _authenticator.AuthenticateAsync(request, ct) is { } refused)
        {
            ApiLog.WebhookDeliveryRefused(_logger, refused.Status, refused.Reason);
            if (refused.Status == 401)
            {
                request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            }

            return ApiResults.Error(refused.Status, $"The delivery is refused: {refused.Reason}.");
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
            ApiLog.HandshakeRefused(_logger, 400, "no WebHook-Request-Origin");
            return ApiResults.Error(400, "An OPTIONS request must carry WebHook-Request-Origin (CloudEvents abuse protection).");
        }

        if (!string.Equals(origin.Trim(), EventGridOrigin, StringComparison.OrdinalIgnoreCase))
        {
            ApiLog.HandshakeRefused(_logger, 403, "the origin is not Event Grid's");
            return ApiResults.Error(403, $"Only Event Grid's origin ({EventGridOrigin}) may deliver to this webhook; WebHook-Request-Origin names another.");
        }

        request.HttpContext.Response.Headers["WebHook-Allowed-Origin"] = EventGridOrigin;
        request.HttpContext.Response.Headers["WebHook-Allowed-Rate"] = "*";
        ApiLog.ValidationAnswered(_logger);
        return new OkResult();
    }
}
