using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AttachFunctions.Emulator;

/// <summary>
/// Every request goes through here: latency, fault injection, authentication, ARM throttling, the route, the journal.
/// </summary>
internal sealed class EmulatorPipeline(EmulatorState state, EmulatorKnobs knobs, RequestJournal journal, TimeProvider time, CancellationToken stopping)
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] ArmAudiences = ["https://management.azure.com", "https://management.core.windows.net"];

    private readonly ArmThrottle _throttle = new(knobs, time);
    private readonly ArmRouter _arm = new(state);
    private readonly KubernetesRouter _kubernetes = new(state);
    private readonly KeyVaultRoutes _keyVault = new(state);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var request = context.Request;
        var client = context.Connection.LocalPort == state.KubernetesBase.Port ? "k8s" : request.Path.StartsWithSegments("/secrets", StringComparison.OrdinalIgnoreCase) ? "keyvault" : "arm";
        var kind = client switch
        {
            "k8s" => OperationKind.Kubernetes,
            "keyvault" => OperationKind.KeyVault,
            _ => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ? OperationKind.ArmRead
                : HttpMethods.IsDelete(request.Method) ? OperationKind.ArmDelete : OperationKind.ArmWrite,
        };

        string? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var auth = request.Headers.Authorization.ToString();
        var token = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && auth.Length > 7 ? BearerToken.Parse(auth[7..].Trim()) : null;
        var path = request.Path.Value ?? "/";
        var entry = new JournalEntry
        {
            At = time.GetUtcNow(),
            Client = client,
            Kind = kind,
            Method = request.Method,
            Path = path,
            Query = request.QueryString.Value ?? "",
            Body = string.IsNullOrEmpty(body) ? null : body,
            Principal = token?.Principal,
        };

        var latency = knobs.GetLatency(kind);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, time, context.RequestAborted);
        }

        EmulatorResponse response;
        var fault = knobs.PickFault(request.Method, path);
        if (fault is not null)
        {
            entry = entry with { Fault = fault.Kind };
            switch (fault.Kind)
            {
                case FaultKind.DropConnection:
                    journal.Add(entry with { Status = 0, LatencyMs = time.GetElapsedTime(started).TotalMilliseconds });
                    context.Abort();
                    return;
                case FaultKind.Hang:
                    journal.Add(entry with { Status = 0, LatencyMs = 0 });
                    try
                    {
                        using var hang = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
                        await Task.Delay(Timeout.InfiniteTimeSpan, hang.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    return;
                default:
                    response = FaultResponse(fault, client, path, kind);
                    break;
            }
        }
        else
        {
            response = Serve(context, client, kind, path, body, token, ref entry);
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        if (client == "arm")
        {
            context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
            context.Response.Headers["x-ms-correlation-request-id"] = request.Headers["x-ms-correlation-request-id"].Count > 0
                ? request.Headers["x-ms-correlation-request-id"].ToString()
                : Guid.NewGuid().ToString();
        }

        journal.Add(entry with
        {
            Status = response.Status,
            ErrorCode = response.ErrorCode,
            LatencyMs = time.GetElapsedTime(started).TotalMilliseconds,
        });

        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(response.Body.ToJsonString(WriteOptions), context.RequestAborted);
        }
    }

    private EmulatorResponse Serve(HttpContext context, string client, OperationKind kind, string path, string? body, BearerToken? token, ref JournalEntry entry)
    {
        var request = context.Request;
        var scheme = request.IsHttps ? "https" : "http";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var emulatorRequest = new EmulatorRequest
        {
            Method = request.Method,
            Path = path,
            Segments = segments,
            Query = request.Query,
            Body = body,
            ContentType = request.ContentType,
            BaseUri = new Uri($"{scheme}://{request.Host}/"),
            Token = token,
        };

        if (client == "keyvault")
        {
            if (token is null || !token.AudienceIsOneOf("https://vault.azure.net"))
            {
                return KeyVaultRoutes.Challenge(state.TenantId);
            }

            lock (state.Gate)
            {
                state.Tick();
                return _keyVault.Handle(emulatorRequest);
            }
        }

        if (client == "k8s")
        {
            lock (state.Gate)
            {
                state.Tick();
                return _kubernetes.Handle(emulatorRequest);
            }
        }

        if (token is null)
        {
            return EmulatorResponse.ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }

        if (!token.AudienceIsOneOf(ArmAudiences))
        {
            return EmulatorResponse.ArmError(401, "InvalidAuthenticationTokenAudience",
                $"The access token has been obtained for wrong audience or resource '{token.Audience}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.azure.com/'.");
        }

        var subscription = segments.Length > 1 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : null;
        var decision = _throttle.Take(subscription ?? "tenant", token.Principal, kind);
        if (!decision.Allowed)
        {
            entry = entry with { Throttled = true };
            var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
            return ArmThrottlingResponses.Throttled(subscription, token.Principal, kind, seconds, decision.Remaining, decision.RemainingGlobal);
        }

        EmulatorResponse response;
        lock (state.Gate)
        {
            state.Tick();
            response = _arm.Handle(emulatorRequest);
        }

        return response.WithRemaining(subscription, kind, decision.Remaining, decision.RemainingGlobal);
    }

    private static string? SubscriptionOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 1 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : null;
    }

    private static EmulatorResponse FaultResponse(FaultRule fault, string client, string path, OperationKind kind)
    {
        var retryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        if (client == "k8s")
        {
            return fault.Kind switch
            {
                FaultKind.Throttle => EmulatorResponse.KubeStatus(429, "TooManyRequests", "Too many requests, please try again later.").WithHeader("Retry-After", retryAfter),
                FaultKind.Unavailable => EmulatorResponse.KubeStatus(503, "ServiceUnavailable", "The server is currently unable to handle the request").WithHeader("Retry-After", retryAfter),
                _ => EmulatorResponse.KubeStatus(500, "InternalError", "Internal error occurred: injected fault"),
            };
        }

        return fault.Kind switch
        {
            // An injected throttle looks like ARM's own: same code, message and headers, the buckets reported empty.
            FaultKind.Throttle => ArmThrottlingResponses.Throttled(SubscriptionOf(path), null, kind, fault.RetryAfterSeconds, 0, 0),
            FaultKind.Unavailable => EmulatorResponse.ArmError(503, "ServiceUnavailable", "The service is unavailable (injected fault).").WithHeader("Retry-After", retryAfter),
            _ => EmulatorResponse.ArmError(500, "InternalServerError", "An internal server error occurred (injected fault)."),
        };
    }
}
