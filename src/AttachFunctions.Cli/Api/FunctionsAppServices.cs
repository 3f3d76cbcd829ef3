using AttachFunctions.Core;
using AttachFunctions.Core.Policy;
using AttachFunctions.Hosting;
using AttachFunctions.Triggers;
using AttachFunctions.Workflows.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AttachFunctions.Cli.Api;

/// <summary>
/// The Functions app's own services (its trigger classes and their helpers), registered by the app's
/// <c>AddAttachFunctions</c> and then pointed at this process: the policy and the domain runtime are the CLI's (wired to
/// the emulator), and the reconcile timings are the local ones. The triggers are then called like the Functions host
/// calls them.
/// </summary>
internal static class FunctionsAppServices
{
    public static ServiceProvider Build(AttachPolicy policy, AttachRuntime runtime, ReconcileSettings settings, Uri armEndpoint)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Arm:Endpoint"] = armEndpoint.ToString(),
                ["Security:EasyAuthEnabled"] = "false",
                ["Reconcile:ExtensionDeadline"] = settings.ExtensionDeadline.ToString("c"),
                ["Reconcile:ExtensionFirstPoll"] = settings.ExtensionFirstPoll.ToString("c"),
                ["Reconcile:ExtensionMaxPoll"] = settings.ExtensionMaxPoll.ToString("c"),
                ["Reconcile:StepAttempts"] = settings.StepAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Reconcile:StepFirstRetry"] = settings.StepFirstRetry.ToString("c"),
                ["Reconcile:StepMaxRetry"] = settings.StepMaxRetry.ToString("c"),
                ["Reconcile:MaxGenerations"] = settings.MaxGenerations.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Reconcile:PlanWait"] = "00:00:30",
                ["DriftRepair:BatchSize"] = "10",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddAttachFunctions(configuration);

        // The last registration wins: this process's policy and emulator-wired runtime replace the app's own.
        services.AddSingleton(policy);
        services.AddSingleton(runtime);
        services.AddTransient<EventGridWebhookFunction>();
        services.AddTransient<AttachApiFunctions>();
        services.AddTransient<DriftRepairTimerFunction>();
        return services.BuildServiceProvider();
    }
}
