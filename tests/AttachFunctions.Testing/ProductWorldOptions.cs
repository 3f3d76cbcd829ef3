using AttachFunctions.Api.Options;
using AttachFunctions.Emulator;
using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Resilience;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Testing;

/// <summary>What a <see cref="ProductWorld"/> starts with. Options left null keep the product's defaults.</summary>
public sealed class ProductWorldOptions
{
    /// <summary>The emulator's scenario; null: samples/scenario.json.</summary>
    public string? ScenarioJson { get; init; }

    /// <summary>The attach policy (<c>AttachPolicy:Json</c>).</summary>
    public string? PolicyJson { get; init; }

    /// <summary>The policy written against the started emulator (e.g. its Key Vault address); wins over <see cref="PolicyJson"/>.</summary>
    public Func<EmulatorHost, string>? PolicyForEmulator { get; init; }

    /// <summary>The principal the stand-in credential issues tokens for.</summary>
    public string AutomationPrincipal { get; init; } = SampleIds.AutomationPrincipal;

    /// <summary>Keep the scenario's ARM token buckets (the fast profile turns them off otherwise).</summary>
    public bool Throttling { get; init; }

    /// <summary>Changes to the emulator's knobs, applied after <see cref="FastEmulatorProfile"/>.</summary>
    public Action<EmulatorKnobs>? Knobs { get; init; }

    public ReconcileOptions? Reconcile { get; init; }

    public ResilienceOptions? Resilience { get; init; }

    public SecurityOptions? Security { get; init; }

    public DriftRepairOptions? DriftRepair { get; init; }

    /// <summary>
    /// <c>Security__WorkspaceIdentityPrincipalIds</c> of the world; null: the principals of the primary identities the
    /// scenario's workspaces start with (what a deployment would list for them). "" allows none.
    /// </summary>
    public string? WorkspaceIdentityPrincipalIds { get; init; }

    /// <summary>A change to the ARM options that runs after the stand-in profile's (so it wins).</summary>
    public Action<ArmConnectionOptions>? Arm { get; init; }

    /// <summary>Wraps every HTTP handler between the product and the emulator (e.g. a fault injector).</summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? WrapHandler { get; init; }

    /// <summary>Where the product's and the engine's logs go (at Debug and above); null: nowhere.</summary>
    public ILoggerProvider? Logs { get; init; }

    /// <summary>Start the in-process Durable engine with the product's activities.</summary>
    public bool WithEngine { get; init; } = true;

    /// <summary>
    /// The tenant that issues the webhook's tokens: the product's EventGrid webhook settings name it and its metadata client
    /// reads this issuer's keys. Null: the webhook's authentication is left unconfigured (it then refuses every delivery).
    /// </summary>
    public TestWebhookIssuer? WebhookIssuer { get; init; } = TestWebhookIssuer.Default;

    /// <summary>Run as if App Service Authentication fronts the app (the platform's WEBSITE_AUTH_ENABLED=true).</summary>
    public bool PlatformAuthentication { get; init; }
}
