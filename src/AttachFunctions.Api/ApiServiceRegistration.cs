using AttachFunctions.Api.EventGrid;
using AttachFunctions.Api.Handlers;
using AttachFunctions.Api.Http;
using AttachFunctions.Api.Options;
using AttachFunctions.Api.Runs;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure;
using AttachFunctions.Workflows;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Api;

/// <summary>
/// The one composition of the product that every host uses (the Functions app and the CLI): options bound from
/// configuration and validated at start-up, the policy, the runtime, the workflows' activities and the handlers.
/// A host that talks to a stand-in replaces the credential and transports after this call; nothing else differs.
/// </summary>
public static class ApiServiceRegistration
{
    public static IServiceCollection AddAttachFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AttachPolicyOptions>().Bind(configuration.GetSection(AttachPolicyOptions.Section)).ValidateOnStart();
        services.AddOptions<DriftRepairOptions>().Bind(configuration.GetSection(DriftRepairOptions.Section)).ValidateOnStart();
        services.AddOptions<EventGridOptions>().Bind(configuration.GetSection(EventGridOptions.Section)).ValidateOnStart();
        services.AddOptions<ReconcileOptions>().Bind(configuration.GetSection(ReconcileOptions.Section)).ValidateOnStart();
        services.AddOptions<RunsOptions>().Bind(configuration.GetSection(RunsOptions.Section)).ValidateOnStart();
        // Easy Auth follows the platform; a Security:EasyAuthEnabled that disagrees with it fails start-up (SecurityOptionsValidator).
        var platform = PlatformAuthentication.From(configuration);
        services.AddSingleton(platform);
        services.AddOptions<SecurityOptions>()
            .Configure(o => o.EasyAuthEnabled = platform.Enabled)
            .Bind(configuration.GetSection(SecurityOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AttachPolicyOptions>, AttachPolicyOptionsValidator>();
        services.AddSingleton<IValidateOptions<DriftRepairOptions>, DriftRepairOptionsValidator>();
        services.AddSingleton<IValidateOptions<EventGridOptions>, EventGridOptionsValidator>();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<IValidateOptions<ReconcileOptions>, ReconcileOptionsValidator>();
        services.AddSingleton<IValidateOptions<RunsOptions>, RunsOptionsValidator>();

        // DefaultAzureCredential picks the user-assigned identity from AZURE_CLIENT_ID in Azure, a developer login locally.
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton<PolicySource>();
        services.AddSingleton(sp =>
        {
            var source = sp.GetRequiredService<PolicySource>();
            source.Load(sp.GetRequiredService<IOptions<AttachPolicyOptions>>().Value);
            return source.Policy;
        });
        services.AddAttachRuntime(configuration);
        services.AddAttachWorkflows();

        services.AddSingleton(sp => new EventGridDeliveryParser(
            sp.GetRequiredService<AttachPolicy>().Scope, sp.GetRequiredService<IOptions<EventGridOptions>>().Value.MaxBatchSize));
        services.AddSingleton<ClusterRunStarter>();
        services.AddSingleton<ClusterEventDispatcher>();
        services.AddSingleton<EasyAuthGate>();
        services.AddSingleton<RunStatusReader>();
        services.AddSingleton(sp => new RunPurger(
            sp.GetRequiredService<AttachPolicy>(), sp.GetRequiredService<IOptions<RunsOptions>>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RunPurger>>(), sp.GetService<TimeProvider>()));
        services.AddWebhookAuthentication();
        services.AddSingleton<EventGridWebhookHandler>();
        services.AddSingleton<EventGridQueueHandler>();
        services.AddSingleton<AttachApiHandler>();
        services.AddSingleton<DriftRepairTimerHandler>();
        return services;
    }
}
