using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Kubernetes;
using AttachFunctions.Infrastructure.Reconciliation;
using AttachFunctions.Infrastructure.Resilience;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Infrastructure;

/// <summary>
/// Registers the product runtime (ARM pipeline, gateways, resilience pipelines, ensure-steps) with its options bound from
/// configuration sections <c>Arm</c>, <c>Resilience</c>, <c>Kubernetes</c> and <c>Security</c> (the workspace identities allowed cluster-level roles) and validated at start-up. The host
/// registers the <see cref="TokenCredential"/>; a <see cref="TimeProvider"/> defaults to the system clock.
/// </summary>
public static class AttachRuntimeRegistration
{
    public const string ArmSection = "Arm";
    public const string ResilienceSection = "Resilience";
    public const string KubernetesSection = "Kubernetes";

    public static IServiceCollection AddAttachRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ArmConnectionOptions>().Bind(configuration.GetSection(ArmSection)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ArmConnectionOptions>>(new SelfValidation<ArmConnectionOptions>(o => o.Validate()));
        services.AddOptions<ResilienceOptions>().Bind(configuration.GetSection(ResilienceSection)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ResilienceOptions>>(new SelfValidation<ResilienceOptions>(o => o.Validate()));
        services.AddOptions<KubernetesAccessOptions>().Bind(configuration.GetSection(KubernetesSection)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KubernetesAccessOptions>>(new SelfValidation<KubernetesAccessOptions>(o => o.Validate()));
        services.AddOptions<WorkspaceIdentityOptions>().Bind(configuration.GetSection(WorkspaceIdentityOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkspaceIdentityOptions>>(new SelfValidation<WorkspaceIdentityOptions>(o => o.Validate()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new AttachRuntime(
            sp.GetRequiredService<TokenCredential>(),
            sp.GetRequiredService<IOptions<ArmConnectionOptions>>().Value,
            sp.GetRequiredService<IOptions<KubernetesAccessOptions>>().Value,
            sp.GetRequiredService<IOptions<ResilienceOptions>>().Value,
            sp.GetRequiredService<IOptions<WorkspaceIdentityOptions>>().Value.AllowList(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    /// <summary>Adapts an options class's own <c>Validate()</c>, which throws with the reason, to start-up validation.</summary>
    private sealed class SelfValidation<T> : IValidateOptions<T>
        where T : class
    {
        private readonly Action<T> _validate;

        public SelfValidation(Action<T> validate)
        {
            _validate = validate;
        }

        public ValidateOptionsResult Validate(string? name, T options)
        {
            try
            {
                _validate(options);
                return ValidateOptionsResult.Success;
            }
            catch (InvalidOperationException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
