using System.Net;
using AttachFunctions.Api.EventGrid;
using AttachFunctions.Api.Handlers;
using AttachFunctions.Api.Options;
using AttachFunctions.Api.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Cli.Api;

/// <summary>
/// The product's HTTP API on loopback: each route calls the handler the Functions app's one-line wrappers call, with
/// the in-process engine's <see cref="DurableTaskClient"/>, and executes the <see cref="IActionResult"/> it returns. Routes: <c>/api/events</c> (POST, OPTIONS), <c>/api/clusters/attach</c>, <c>/api/clusters/attach/{id}</c>,
/// <c>/api/plan</c>, <c>/api/clusters</c>. Every request passes <see cref="LoopbackRequestGuard"/> first (loopback Host,
/// JSON bodies). The webhook is the product's handler with serve's caller check (<see cref="LoopbackDeliveries"/>) in
/// place of the Entra token check, which needs a tenant a local run does not have.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>E.g. <c>http://127.0.0.1:7071/</c>.</summary>
    public Uri BaseAddress { get; }

    public static async Task<ApiServer> StartAsync(IServiceProvider product, DurableTaskClient client, int port, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMvcCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Use(LoopbackRequestGuard.InvokeAsync);

        var webhook = new EventGridWebhookHandler(
            product.GetRequiredService<EventGridDeliveryParser>(),
            product.GetRequiredService<ClusterEventDispatcher>(),
            product.GetRequiredService<IOptions<EventGridOptions>>(),
            new LoopbackDeliveries(),
            product.GetRequiredService<ILogger<EventGridWebhookHandler>>());
        app.MapMethods("/api/events", ["POST", "OPTIONS"], (HttpContext http) =>
            ExecuteAsync(http, webhook.HandleAsync(http.Request, client, http.RequestAborted)));
        app.MapPost("/api/clusters/attach", (HttpContext http) =>
            ExecuteAsync(http, product.GetRequiredService<AttachApiHandler>().AttachAsync(http.Request, client, http.RequestAborted)));
        app.MapGet("/api/clusters/attach/{instanceId}", (HttpContext http, string instanceId) =>
            ExecuteAsync(http, product.GetRequiredService<AttachApiHandler>().StatusAsync(http.Request, client, instanceId, http.RequestAborted)));
        app.MapGet("/api/plan", (HttpContext http) =>
            ExecuteAsync(http, product.GetRequiredService<AttachApiHandler>().PlanAsync(http.Request, client, http.RequestAborted)));
        app.MapGet("/api/clusters", (HttpContext http) =>
            ExecuteAsync(http, product.GetRequiredService<AttachApiHandler>().ClustersAsync(http.Request, client, http.RequestAborted)));

        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Reads <c>--urls</c>: only http on a loopback address is accepted.</summary>
    public static int ParsePort(string? urls)
    {
        if (string.IsNullOrWhiteSpace(urls))
        {
            return 7071;
        }

        if (!Uri.TryCreate(urls.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp ||
            !(uri.Host is "127.0.0.1" or "localhost" or "[::1]") || uri.AbsolutePath != "/")
        {
            throw new InvalidInputException($"--urls '{urls}' is not a loopback http address. Fix: use http://127.0.0.1:PORT (port 0 picks a free one); the local API never listens beyond this machine.");
        }

        return uri.Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task ExecuteAsync(HttpContext http, Task<IActionResult> trigger)
    {
        var result = await trigger;
        await result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
    }
}
