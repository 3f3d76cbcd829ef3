using System.Net.Http.Headers;
using AttachFunctions.Api.Http;
using Microsoft.AspNetCore.Http;

namespace AttachFunctions.Cli.Api;

/// <summary>
/// What keeps a web page in the operator's browser away from <c>serve</c>, which listens on loopback without keys:
/// <list type="bullet">
/// <item>DNS rebinding: a page's own host name resolved to 127.0.0.1 still sends that name in <c>Host</c>. Only
/// <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c> on the port the request arrived on are answered; others get 421.</item>
/// <item>Cross-site simple requests: a form or a no-cors <c>fetch</c> can POST without a preflight only with
/// <c>text/plain</c>, <c>multipart/form-data</c> or <c>application/x-www-form-urlencoded</c> (Fetch standard, CORS-safelisted
/// request headers). A POST body must be <c>application/json</c> (on <c>/api/events</c> also the CloudEvents JSON types
/// Event Grid sends in structured mode); others get 415. serve answers no CORS preflight, so nothing else gets through.</item>
/// </list>
/// A refused request never reaches a handler: nothing is scheduled.
/// </summary>
internal static class LoopbackRequestGuard
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];
    private static readonly string[] JsonMediaTypes = ["application/json"];
    private static readonly string[] EventMediaTypes = ["application/json", "application/cloudevents+json", "application/cloudevents-batch+json"];

    /// <summary>Null when the request may go on; otherwise the status and the reason.</summary>
    public static (int Status, string Reason)? Check(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var port = request.HttpContext.Connection.LocalPort;
        var host = request.Host;
        if (!host.HasValue || !LoopbackHosts.Contains(host.Host, StringComparer.OrdinalIgnoreCase) || (host.Port ?? 80) != port)
        {
            return (421, $"attachctl serve answers only requests addressed to http://127.0.0.1:{port}, http://localhost:{port} or http://[::1]:{port}; the Host header names another host (DNS rebinding protection).");
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        var allowed = request.Path.StartsWithSegments("/api/events", StringComparison.OrdinalIgnoreCase) ? EventMediaTypes : JsonMediaTypes;
        return MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType is { } media && allowed.Contains(media, StringComparer.OrdinalIgnoreCase)
            ? null
            : (415, $"attachctl serve accepts POST bodies only as {string.Join(" or ", allowed)} (Content-Type); a browser's cross-site form or simple request cannot send those without a preflight.");
    }

    /// <summary>The middleware: answers a refused request itself, as the handlers answer errors.</summary>
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (Check(http.Request) is { } refused)
        {
            http.Response.StatusCode = refused.Status;
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { error = refused.Reason }, ApiResults.Json));
            return;
        }

        await next(http);
    }
}
