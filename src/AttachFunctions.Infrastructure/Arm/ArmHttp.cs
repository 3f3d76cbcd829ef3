using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AttachFunctions.Infrastructure.Arm;

/// <summary>
/// Sends our own typed ARM requests through the Azure.Core pipeline (bearer token from a <see cref="TokenCredential"/>,
/// Azure.Core's retry for 408/429/5xx with Retry-After) and turns ARM error envelopes into
/// <see cref="ArmRequestException"/>. Owns long-running-operation polling, honouring Retry-After, with time from a
/// <see cref="TimeProvider"/>. Reads and writes pass per-subscription <see cref="SubscriptionRateLimiter"/>s.
/// </summary>
public sealed class ArmHttp : IDisposable
{
    private static readonly HashSet<string> TerminalStates = new(StringComparer.OrdinalIgnoreCase) { "Succeeded", "Failed", "Canceled", "Cancelled" };

    private readonly HttpPipeline _pipeline;
    private readonly ArmConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly SubscriptionRateLimiter _writes;
    private readonly SubscriptionRateLimiter _reads;

    public ArmHttp(TokenCredential credential, ArmConnectionOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _writes = new SubscriptionRateLimiter(options.WriteBurstPerSubscription, options.WritesPerSecondPerSubscription);
        _reads = new SubscriptionRateLimiter(options.ReadBurstPerSubscription, options.ReadsPerSecondPerSubscription);
        _pipeline = HttpPipelineBuilder.Build(
            new ArmPipelineOptions(options),
            new BearerTokenAuthenticationPolicy(credential, options.Audience + "/.default"));
    }

    public Uri Endpoint => _options.Endpoint;

    /// <summary>GET a resource; null when it does not exist (404).</summary>
    public async Task<JsonNode?> GetOrNullAsync(string path, string apiVersion, CancellationToken ct, params (string Name, string Value)[] query)
    {
        var result = await SendAsync(RequestMethod.Get, path, apiVersion, null, ct, allowNotFound: true, query);
        return result.IsNotFound ? null : result.Body;
    }

    /// <summary>GET every page of a list (following <c>nextLink</c>) and return the items.</summary>
    public async Task<IReadOnlyList<JsonNode>> ListAsync(string path, string apiVersion, CancellationToken ct, params (string Name, string Value)[] query)
    {
        var items = new List<JsonNode>();
        var result = await SendAsync(RequestMethod.Get, path, apiVersion, null, ct, allowNotFound: false, query);
        while (true)
        {
            if (result.Body?["value"] is JsonArray page)
            {
                items.AddRange(page.Where(n => n is not null)!);
            }

            var next = result.Body?["nextLink"]?.GetValue<string>();
            if (string.IsNullOrEmpty(next))
            {
                return items;
            }

            result = await SendAbsoluteAsync(RequestMethod.Get, ToSameHost(next), null, allowNotFound: false, ct);
        }
    }

    /// <summary>Sends a request to a path under the ARM endpoint.</summary>
    public async Task<ArmResult> SendAsync(
        RequestMethod method,
        string path,
        string apiVersion,
        JsonNode? body,
        CancellationToken ct,
        bool allowNotFound = false,
        params (string Name, string Value)[] query)
    {
        var builder = new RequestUriBuilder();
        builder.Reset(_options.Endpoint);
        builder.AppendPath(path.TrimStart('/'), escape: false);
        builder.AppendQuery("api-version", apiVersion, escapeValue: true);
        foreach (var (name, value) in query)
        {
            builder.AppendQuery(name, value, escapeValue: true);
        }

        return await SendAbsoluteAsync(method, builder.ToUri(), body, allowNotFound, ct);
    }

    /// <summary>
    /// Waits for a long-running operation started by <paramref name="initial"/> to finish: polls the
    /// <c>Azure-AsyncOperation</c> URL (or <c>Location</c>) honouring Retry-After. Returns the terminal status
    /// (<c>Succeeded</c>, <c>Failed</c>, <c>Canceled</c>) and the operation's error, if any.
    /// </summary>
    public async Task<LongRunningResult> WaitAsync(ArmResult initial, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(initial);
        var pollUri = initial.AsyncOperation ?? initial.Location;
        if (pollUri is null)
        {
            return new LongRunningResult("Succeeded", null, null);
        }

        var deadline = _time.GetUtcNow() + _options.LongRunningTimeout;
        var delay = PollDelay(initial.RetryAfter);
        while (true)
        {
            if (_time.GetUtcNow() + delay > deadline)
            {
                throw new DiagnosedException(Diagnoses.OperationTimedOut(Redact(pollUri), _options.LongRunningTimeout), ErrorClass.Retryable);
            }

            await Task.Delay(delay, _time, ct);
            var poll = await SendAbsoluteAsync(RequestMethod.Get, ToSameHost(pollUri.ToString()), null, allowNotFound: false, ct);
            var status = poll.Body?["status"]?.GetValue<string>();
            if (initial.AsyncOperation is null && poll.Status is 200 or 204 && status is null)
            {
                return new LongRunningResult("Succeeded", null, null);
            }

            if (status is not null && TerminalStates.Contains(status))
            {
                var error = poll.Body?["error"];
                return new LongRunningResult(
                    status.StartsWith("Cancel", StringComparison.OrdinalIgnoreCase) ? "Canceled" : status,
                    error?["code"]?.GetValue<string>(),
                    error?["message"]?.GetValue<string>());
            }

            delay = PollDelay(poll.RetryAfter);
        }
    }

    public void Dispose()
    {
        _writes.Dispose();
        _reads.Dispose();
    }

    private TimeSpan PollDelay(TimeSpan? retryAfter)
    {
        var delay = retryAfter ?? _options.DefaultPollInterval;
        return delay < _options.MinimumPollInterval ? _options.MinimumPollInterval : delay;
    }

    /// <summary>Every request, pages and operation polls included, waits for a token of its subscription's bucket.</summary>
    private async Task<ArmResult> SendAbsoluteAsync(RequestMethod method, Uri uri, JsonNode? body, bool allowNotFound, CancellationToken ct)
    {
        var limiter = method == RequestMethod.Get ? _reads : _writes;
        return await limiter.RunAsync(SubscriptionOf(uri.AbsolutePath), async token => await SendOnceAsync(method, uri, body, allowNotFound, token), ct);
    }

    private async Task<ArmResult> SendOnceAsync(RequestMethod method, Uri uri, JsonNode? body, bool allowNotFound, CancellationToken ct)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(uri);
        request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body.ToJsonString()));
        }

        await _pipeline.SendAsync(message, ct);
        var response = message.Response;
        var text = response.Content.ToString();
        JsonNode? json = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                json = null;
            }
        }

        if (response.Status >= 400 && !(allowNotFound && response.Status == 404))
        {
            var error = json?["error"];
            throw new ArmRequestException(
                response.Status,
                error?["code"]?.GetValue<string>() ?? $"Http{response.Status}",
                error?["message"]?.GetValue<string>() ?? response.ReasonPhrase,
                method.ToString(),
                uri.AbsolutePath);
        }

        return new ArmResult(
            response.Status,
            json,
            ParseRetryAfter(response),
            response.Headers.TryGetValue("Azure-AsyncOperation", out var op) ? new Uri(op, UriKind.Absolute) : null,
            response.Headers.TryGetValue("Location", out var loc) ? new Uri(loc, UriKind.Absolute) : null);
    }

    private static TimeSpan? ParseRetryAfter(Azure.Response response)
    {
        if (!response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when - DateTimeOffset.UtcNow
            : null;
    }

    /// <summary>Only follow links on the ARM host: never send our token anywhere else.</summary>
    private Uri ToSameHost(string link)
    {
        var uri = new Uri(link, UriKind.Absolute);
        if (!string.Equals(uri.Host, _options.Endpoint.Host, StringComparison.OrdinalIgnoreCase) || uri.Port != _options.Endpoint.Port ||
            uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArmRequestException(0, "UntrustedLink", $"ARM returned a link to another host ({uri.Host}); it was not followed.");
        }

        return uri;
    }

    private static string SubscriptionOf(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && string.Equals(parts[0], "subscriptions", StringComparison.OrdinalIgnoreCase) ? parts[1] : "";
    }

    private static string Redact(Uri uri) => uri.GetLeftPart(UriPartial.Path);
}

/// <summary>How a long-running ARM operation ended.</summary>
public sealed record LongRunningResult(string Status, string? ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => string.Equals(Status, "Succeeded", StringComparison.OrdinalIgnoreCase);
}
