using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Kubernetes;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AttachFunctions.Emulator.Client;

/// <summary>
/// How the product is pointed at this stand-in instead of Azure: the ARM endpoint and a transport that trusts the
/// stand-in's self-signed certificate, Key Vault requests redirected to it, the stand-in credential, and read limits
/// far above ARM's (the stand-in throttles only when a scenario asks it to). Its Kubernetes API servers are https with
/// the CA their kubeconfigs carry, so the product reaches them exactly as it reaches a real cluster. Used by the CLI's <c>--emulator</c> mode,
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

    /// <summary>
    /// For hosts composed with the product's registration calls: replaces the credential with the stand-in's and points
    /// the bound ARM and Kubernetes options at the stand-in (after configuration binding). <paramref name="wrapHandler"/>,
    /// when given, wraps every HTTP handler the product gets for the stand-in (ARM, Key Vault, Kubernetes API), e.g. a
    /// test's fault injector; a host that needs to change an ARM setting after this profile registers its own
    /// <c>PostConfigure</c> after this call (post-configure actions run in registration order).
    /// </summary>
    public static IServiceCollection AddStandIn(
        this IServiceCollection services, EmulatorHost emulator, string automationPrincipalId, Func<HttpMessageHandler, HttpMessageHandler>? wrapHandler = null)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        HttpMessageHandler Handler() => wrapHandler is null ? emulator.CreateTrustingHandler() : wrapHandler(emulator.CreateTrustingHandler());
        services.RemoveAll<TokenCredential>();
        services.AddSingleton<TokenCredential>(sp => new StandInCredential(automationPrincipalId, sp.GetService<TimeProvider>()));
        services.PostConfigure<ArmConnectionOptions>(o => ConfigureArm(o, emulator.ArmEndpoint, Handler));
        services.PostConfigure<KubernetesAccessOptions>(o => ConfigureKubernetes(o, emulator.ArmEndpoint, Handler));
        return services;
    }
}
