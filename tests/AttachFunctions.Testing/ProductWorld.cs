using System.Reflection;
using AttachFunctions.Api;
using AttachFunctions.Api.Handlers;
using AttachFunctions.Api.Http;
using AttachFunctions.Api.Options;
using AttachFunctions.Core.Policy;
using AttachFunctions.Emulator;
using AttachFunctions.Emulator.Client;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Reconciliation;
using AttachFunctions.TestSupport;
using AttachFunctions.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Testing;

/// <summary>
/// The product as a host composes it, against the emulator: an emulator started from a scenario at
/// <see cref="FastEmulatorProfile"/> timings, the services of <c>AddAttachFunctions</c> pointed at it by
/// <c>AddStandIn</c> (the calls the CLI makes), the world's settings as options, and optionally the in-process
/// Durable engine whose activities are resolved from those services (as the CLI's engine does). Every suite's world and
/// the bench are built on this; they apply only through the orchestrations and activities.
/// </summary>
public sealed class ProductWorld : IAsyncDisposable
{
    private readonly DurableTaskTestHost? _engine;

    private ProductWorld(EmulatorHost emulator, ServiceProvider services, DurableTaskTestHost? engine, TestWebhookIssuer? webhookIssuer)
    {
        Emulator = emulator;
        Services = services;
        _engine = engine;
        WebhookIssuer = webhookIssuer;
    }

    public EmulatorHost Emulator { get; }

    /// <summary>The product's services, as <c>AddAttachFunctions</c> registered them.</summary>
    public ServiceProvider Services { get; }

    public AttachRuntime Runtime => Services.GetRequiredService<AttachRuntime>();

    public AttachPolicy Policy => Services.GetRequiredService<AttachPolicy>();

    public EventGridWebhookHandler Webhook => Services.GetRequiredService<EventGridWebhookHandler>();

    /// <summary>The tenant whose tokens the webhook accepts; null when the world left the webhook's authentication unconfigured.</summary>
    public TestWebhookIssuer? WebhookIssuer { get; }

    /// <summary>The headers Event Grid sends with a delivery to this world's webhook: its access token (none when unconfigured).</summary>
    public Dictionary<string, string> DeliveryHeaders() =>
        WebhookIssuer is null ? [] : new Dictionary<string, string> { ["Authorization"] = WebhookIssuer.AuthorizationHeader() };

    public EventGridQueueHandler Queue => Services.GetRequiredService<EventGridQueueHandler>();

    public AttachApiHandler Api => Services.GetRequiredService<AttachApiHandler>();

    public DriftRepairTimerHandler Timer => Services.GetRequiredService<DriftRepairTimerHandler>();

    public DurableTaskTestHost Engine => _engine ?? throw new InvalidOperationException("This world runs without the Durable engine.");

    public bool HasEngine => _engine is not null;

    public DurableTaskClient Client => Engine.Client;

    public static async Task<ProductWorld> StartAsync(ProductWorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scenario = options.ScenarioJson is null
            ? EmulatorScenario.Load(RepoPaths.Combine("samples", "scenario.json"))
            : EmulatorScenario.Parse(options.ScenarioJson);
        var emulator = await EmulatorHost.StartAsync(scenario);
        ServiceProvider? services = null;
        try
        {
            FastEmulatorProfile.Apply(emulator.Knobs, options.Throttling);
            options.Knobs?.Invoke(emulator.Knobs);
            services = Compose(options, emulator);
            services.GetService<IStartupValidator>()?.Validate();
            var engine = options.WithEngine ? await StartEngineAsync(services) : null;
            return new ProductWorld(emulator, services, engine, options.WebhookIssuer);
        }
        catch
        {
            if (services is not null)
            {
                await services.DisposeAsync();
            }

            await emulator.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    private static ServiceProvider Compose(ProductWorldOptions options, EmulatorHost emulator)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (options.Logs is not null)
            {
                logging.AddProvider(options.Logs).SetMinimumLevel(LogLevel.Debug);
            }
        });

        // An empty configuration: a world's settings are its own, never the environment's (the platform's flag aside).
        var platform = options.PlatformAuthentication ? new Dictionary<string, string?> { [PlatformAuthentication.Setting] = "true" } : [];
        services.AddAttachFunctions(new ConfigurationBuilder().AddInMemoryCollection(platform).Build());
        if (options.WebhookIssuer is { } issuer)
        {
            services.Configure<EventGridOptions>(TestWebhookIssuer.Configure);
            services.AddHttpClient(WebhookSignInMetadata.HttpClientName).ConfigurePrimaryHttpMessageHandler(issuer.MetadataHandler);
        }

        var policy = options.PolicyForEmulator?.Invoke(emulator) ?? options.PolicyJson
            ?? throw new ArgumentException("A world needs a policy.", nameof(options));
        services.Configure<AttachPolicyOptions>(o => o.Json = policy);
        Configure(services, options.Reconcile);
        Configure(services, options.Resilience);
        Configure(services, options.Security);
        Configure(services, options.DriftRepair);
        var allowed = options.WorkspaceIdentityPrincipalIds ?? string.Join(",", emulator.State.WorkspacePrimaryIdentityPrincipals());
        services.Configure<WorkspaceIdentityOptions>(o => o.WorkspaceIdentityPrincipalIds = allowed);

        services.AddStandIn(emulator, options.AutomationPrincipal, options.WrapHandler);
        if (options.Arm is not null)
        {
            // Registered after the stand-in profile's post-configure, so it runs last and wins.
            services.PostConfigure(options.Arm);
        }

        return services.BuildServiceProvider();
    }

    /// <summary>Sets every property of the bound options to the world's value.</summary>
    private static void Configure<T>(ServiceCollection services, T? given)
        where T : class
    {
        if (given is null)
        {
            return;
        }

        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite).ToArray();
        services.Configure<T>(o =>
        {
            foreach (var property in properties)
            {
                property.SetValue(o, property.GetValue(given));
            }
        });
    }

    private static Task<DurableTaskTestHost> StartEngineAsync(ServiceProvider product) =>
        PortClash.RetryAsync(() => DurableTaskTestHost.StartAsync(
            registry => WorkflowRegistration.Register(registry),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = product.GetRequiredService<ILoggerFactory>(),
                ConfigureServices = engine =>
                {
                    foreach (var activity in WorkflowRegistration.ActivityTypes)
                    {
                        engine.AddSingleton(activity, _ => product.GetRequiredService(activity));
                    }
                },
            }));
}
