using AttachFunctions.Api;
using AttachFunctions.Api.Options;
using AttachFunctions.Emulator.Client;
using AttachFunctions.Infrastructure.Reconciliation;
using AttachFunctions.Infrastructure.Resilience;
using AttachFunctions.Workflows.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Cli.Hosting;

/// <summary>
/// The CLI's composition root: the product built by the same <c>AddAttachFunctions</c> call as the Functions app, with
/// the policy the command loaded, the command's reconcile timings as options and, for <c>--emulator</c>, the
/// stand-in profile (credential, endpoints, transports). Options are validated here, before any command runs.
/// </summary>
internal static class ProductServices
{
    public static ServiceProvider Build(LoadedPolicy policy, ReconcileSettings settings, TargetOptions target, Emulator.EmulatorHost? emulator)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(target);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAttachFunctions(new ConfigurationBuilder().AddEnvironmentVariables().Build());

        // The command loaded and validated the policy (with line-precise errors); the product loads the same text.
        services.Configure<AttachPolicyOptions>(o =>
        {
            o.Json = policy.Json;
            o.Path = null;
            o.BlobUri = null;
        });
        services.Configure<ReconcileOptions>(o => Apply(o, settings));
        services.Configure<SecurityOptions>(o => o.EasyAuthEnabled = false);
        if (target.ArmEndpoint is { } endpoint)
        {
            services.Configure<Infrastructure.Arm.ArmConnectionOptions>(o => o.Endpoint = endpoint);
        }

        if (emulator is not null)
        {
            services.AddStandIn(emulator, Target.AutomationPrincipal(target));

            // The stand-in's workspaces act as identities the operator of this local world chose: allow exactly the
            // primary identities the scenario gives them (the deployment's parameter plays this part in Azure).
            var allowed = string.Join(",", emulator.State.WorkspacePrimaryIdentityPrincipals());
            services.Configure<WorkspaceIdentityOptions>(o => o.WorkspaceIdentityPrincipalIds = allowed);
            services.Configure<ResilienceOptions>(o => Target.Resilience(o, target.Pace));
        }

        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
        {
            provider.Dispose();
            var failures = ex is AggregateException all
                ? all.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
                : ((OptionsValidationException)ex).Failures;
            throw new InvalidInputException($"A setting is not valid: {string.Join(" ", failures)} Fix: correct the setting named above (environment variable Section__Name).", ex);
        }

        return provider;
    }

    private static void Apply(ReconcileOptions o, ReconcileSettings s)
    {
        o.ExtensionDeadline = s.ExtensionDeadline;
        o.ExtensionFirstPoll = s.ExtensionFirstPoll;
        o.ExtensionMaxPoll = s.ExtensionMaxPoll;
        o.StepAttempts = s.StepAttempts;
        o.StepFirstRetry = s.StepFirstRetry;
        o.StepMaxRetry = s.StepMaxRetry;
        o.MaxGenerations = s.MaxGenerations;
        o.PlanWait = TimeSpan.FromSeconds(30);
    }
}
