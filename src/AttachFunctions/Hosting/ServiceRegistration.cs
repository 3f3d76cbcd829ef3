using AttachFunctions.Core;
using AttachFunctions.Core.Arm;
using AttachFunctions.Core.Kubernetes;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Resilience;
using AttachFunctions.EventGrid;
using AttachFunctions.Options;
using AttachFunctions.Triggers;
using AttachFunctions.Workflows;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Hosting;

/// <summary>The app's services: options bound and validated at start-up, the policy, the domain runtime, the triggers' helpers and the activities.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddAttachFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AttachPolicyOptions>().BindConfiguration(AttachPolicyOptions.Section).ValidateOnStart();
        services.AddOptions<DriftRepairOptions>().BindConfiguration(DriftRepairOptions.Section).ValidateOnStart();
        services.AddOptions<EventGridOptions>().BindConfiguration(EventGridOptions.Section).ValidateOnStart();
        services.AddOptions<ArmOptions>().BindConfiguration(ArmOptions.Section).ValidateOnStart();
        services.AddOptions<ReconcileOptions>().BindConfiguration(ReconcileOptions.Section).ValidateOnStart();
        services.AddOptions<SecurityOptions>()
            .Configure(o => o.EasyAuthEnabled = string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase))
            .BindConfiguration(SecurityOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AttachPolicyOptions>, AttachPolicyOptionsValidator>();
        services.AddSingleton<IValidateOptions<DriftRepairOptions>, DriftRepairOptionsValidator>();
        services.AddSingleton<IValidateOptions<EventGridOptions>, EventGridOptionsValidator>();
        services.AddSingleton<IValidateOptions<ArmOptions>, ArmOptionsValidator>();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<IValidateOptions<ReconcileOptions>, ReconcileOptionsValidator>();

        // DefaultAzureCredential picks the user-assigned identity from AZURE_CLIENT_ID in Azure, a developer login locally.
        services.AddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton<PolicySource>();
        services.AddSingleton(sp =>
        {
            var source = sp.GetRequiredService<PolicySource>();
            source.Load(sp.GetRequiredService<IOptions<AttachPolicyOptions>>().Value);
            return source.Policy;
        });
        services.AddSingleton(sp => new AttachRuntime(
            sp.GetRequiredService<TokenCredential>(),
            new ArmConnectionOptions { Endpoint = sp.GetRequiredService<IOptions<ArmOptions>>().Value.Endpoint },
            new KubernetesAccessOptions(),
            new ResilienceOptions(),
            TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>()));

        services.AddSingleton(sp => new EventGridDeliveryParser(
            sp.GetRequiredService<AttachPolicy>().Scope, sp.GetRequiredService<IOptions<EventGridOptions>>().Value.MaxBatchSize));
        services.AddSingleton<ClusterRunStarter>();
        services.AddSingleton<ClusterEventDispatcher>();
        services.AddSingleton<EasyAuthGate>();
        services.AddSingleton<RunStatusReader>();
        foreach (var activity in WorkflowRegistration.ActivityTypes)
        {
            services.AddSingleton(activity);
        }

        return services;
    }
}
