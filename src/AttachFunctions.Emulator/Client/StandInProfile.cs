using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Kubernetes;
using AttachFunctions.Infrastructure.Resilience;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Emulator.Client;

/// <summary>
/// How the product is pointed at this stand-in instead of Azure: the ARM endpoint and a transport that trusts the
/// stand-in's self-signed certificate, Key Vault requests redirected to it, the stand-in credential, and read limits
/// far above ARM's (the stand-in throttles only when a scenario asks it to). Used by the CLI's <c>--emulator</c> mode,
/// the tests and the benchmarks; the product's own projects never reference it.
/// </summary>
public static class StandInProfile
{
    /// <summary>Points ARM options at the stand-in.</summary>
    public static void ConfigureArm(ArmConnectionOptions arm, Uri armEndpoint, Func<HttpMessageHandler> handlerFactory)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(handlerFactory);
        arm.Endpoint = armEndpoint;
        arm.Transport = new HttpClientTransport(handlerFactory());
        arm.DefaultPollInterval = TimeSpan.FromMilliseconds(50);
        arm.MinimumPollInterval = TimeSpan.FromMilliseconds(10);
        arm.ReadBurstPerSubscription = 100_000;
        arm.ReadsPerSecondPerSubscription = 10_000;
        arm.RetryDelay = TimeSpan.FromMilliseconds(50);
        arm.MaxRetryDelay = TimeSpan.FromSeconds(5);
    }

    /// <summary>Sends Key Vault requests for any <c>*.vault.azure.net</c> vault to the stand-in.</summary>
    public static void ConfigureKubernetes(KubernetesAccessOptions kubernetes, Uri armEndpoint, Func<HttpMessageHandler> handlerFactory)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        ArgumentNullException.ThrowIfNull(handlerFactory);
        kubernetes.UseLocalKeyVault(new HttpClientTransport(new StandInVaultRedirectHandler(armEndpoint, handlerFactory())));
    }

    /// <summary>A product runtime wired to the stand-in, for worlds that build the runtime themselves.</summary>
    public static AttachRuntime CreateRuntime(
        Uri armEndpoint,
        Func<HttpMessageHandler> handlerFactory,
        string automationPrincipalId,
        ResilienceOptions? resilience = null,
        TimeProvider? time = null,
        ILoggerFactory? loggers = null,
        Action<ArmConnectionOptions>? configureArm = null)
    {
        var arm = new ArmConnectionOptions();
        ConfigureArm(arm, armEndpoint, handlerFactory);
        configureArm?.Invoke(arm);
        var kubernetes = new KubernetesAccessOptions();
        ConfigureKubernetes(kubernetes, armEndpoint, handlerFactory);
        return new AttachRuntime(new StandInCredential(automationPrincipalId, time), arm, kubernetes, resilience ?? new ResilienceOptions(), time, loggers);
    }

    /// <summary>
    /// For hosts composed with the product's registration calls: replaces the credential with the stand-in's and points
    /// the bound ARM and Kubernetes options at the stand-in (after configuration binding).
    /// </summary>
    public static IServiceCollection AddStandIn(this IServiceCollection services, EmulatorHost emulator, string automationPrincipalId)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        services.RemoveAll<TokenCredential>();
        services.AddSingleton<TokenCredential>(sp => new StandInCredential(automationPrincipalId, sp.GetService<TimeProvider>()));
        services.PostConfigure<ArmConnectionOptions>(o => ConfigureArm(o, emulator.ArmEndpoint, () => emulator.CreateTrustingHandler()));
        services.PostConfigure<KubernetesAccessOptions>(o => ConfigureKubernetes(o, emulator.ArmEndpoint, () => emulator.CreateTrustingHandler()));
        return services;
    }
}
