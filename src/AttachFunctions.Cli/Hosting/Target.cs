using AttachFunctions.Emulator;
using AttachFunctions.Emulator.Client;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Resilience;
using AttachFunctions.Workflows.Model;
using Microsoft.Extensions.DependencyInjection;

namespace AttachFunctions.Cli.Hosting;

/// <summary>
/// What a command talks to, with the product composed for it: real Azure (DefaultAzureCredential) or an emulator
/// started for the command and stopped with it, and the product's services built by <see cref="ProductServices"/>.
/// </summary>
internal sealed class Target : IAsyncDisposable
{
    /// <summary>The automation's principal in the sample scenario.</summary>
    public const string SampleAutomationPrincipal = "55555555-0000-0000-0000-000000000001";

    private Target(ServiceProvider services, EmulatorHost? emulator, TargetOptions options)
    {
        Services = services;
        Emulator = emulator;
        Options = options;
    }

    /// <summary>The product's services (the same composition as the Functions app's).</summary>
    public ServiceProvider Services { get; }

    public AttachRuntime Runtime => Services.GetRequiredService<AttachRuntime>();

    public TargetOptions Options { get; }

    /// <summary>The embedded emulator, when the command runs against it.</summary>
    public EmulatorHost? Emulator { get; }

    public static async Task<Target> StartAsync(TargetOptions options, LoadedPolicy policy, ReconcileSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Emulator)
        {
            return new Target(ProductServices.Build(policy, settings, options, null), null, options);
        }

        var scenario = options.LoadScenario();
        var emulator = await EmulatorHost.StartAsync(scenario, new EmulatorOptions { JournalPath = options.JournalPath }, ct);
        try
        {
            Pace(emulator.Knobs, options.Pace);
            if (options.Chaos > 0)
            {
                Chaos(emulator.Knobs, options.Chaos);
            }

            var principal = scenario.Principals.Count > 0 ? scenario.Principals[0].Id : SampleAutomationPrincipal;
            return new Target(ProductServices.Build(policy, settings, options with { AutomationPrincipal = principal }, emulator), emulator, options);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>The principal the stand-in credential signs in as.</summary>
    public static string AutomationPrincipal(TargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AutomationPrincipal ?? SampleAutomationPrincipal;
    }

    public static void Pace(EmulatorKnobs knobs, EmulatorPace pace)
    {
        ArgumentNullException.ThrowIfNull(knobs);
        var demo = pace == EmulatorPace.Demo;
        knobs.LroDuration = TimeSpan.FromMilliseconds(demo ? 400 : 30);
        knobs.LroRetryAfter = TimeSpan.Zero;
        knobs.DetachDuration = TimeSpan.FromMilliseconds(demo ? 300 : 20);
        knobs.PrincipalReplicationDelay = TimeSpan.FromMilliseconds(demo ? 600 : 150);
        knobs.NamespaceTerminationDuration = TimeSpan.FromMilliseconds(100);
        knobs.ManagedNamespaceDuration = TimeSpan.FromMilliseconds(demo ? 300 : 20);
        knobs.SetLatency(OperationKind.ArmRead, TimeSpan.FromMilliseconds(demo ? 3 : 0));
        knobs.SetLatency(OperationKind.ArmWrite, TimeSpan.FromMilliseconds(demo ? 15 : 0));
        knobs.SetLatency(OperationKind.ArmDelete, TimeSpan.FromMilliseconds(demo ? 15 : 0));
        knobs.SetLatency(OperationKind.Kubernetes, TimeSpan.FromMilliseconds(demo ? 2 : 0));
        knobs.SetLatency(OperationKind.KeyVault, TimeSpan.Zero);
    }

    /// <summary>429 and 503 answers (with Retry-After) on ARM calls at <paramref name="rate"/>, and slower calls.</summary>
    public static void Chaos(EmulatorKnobs knobs, double rate)
    {
        ArgumentNullException.ThrowIfNull(knobs);
        knobs.SeedFaults(7);
        knobs.AddFault(new FaultRule { Route = "^(GET|PUT|DELETE) /subscriptions/", Kind = FaultKind.Throttle, Rate = rate, RetryAfterSeconds = 1 });
        knobs.AddFault(new FaultRule { Route = "^(GET|PUT|DELETE) /subscriptions/", Kind = FaultKind.Unavailable, Rate = rate / 2, RetryAfterSeconds = 1 });
        var extra = TimeSpan.FromMilliseconds(Math.Round(200 * rate));
        foreach (var kind in new[] { OperationKind.ArmRead, OperationKind.ArmWrite, OperationKind.ArmDelete })
        {
            knobs.SetLatency(kind, knobs.GetLatency(kind) + extra);
        }
    }

    /// <summary>Retry timings at the emulator's pace (its principals replicate in milliseconds).</summary>
    public static void Resilience(ResilienceOptions options, EmulatorPace pace)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.KubernetesRetryDelay = TimeSpan.FromMilliseconds(20);
        options.KubernetesAttemptTimeout = TimeSpan.FromSeconds(5);
        options.KubernetesTotalTimeout = TimeSpan.FromSeconds(30);
        options.PrincipalReplicationFirstDelay = TimeSpan.FromMilliseconds(pace == EmulatorPace.Demo ? 100 : 10);
        options.PrincipalReplicationMaxDelay = TimeSpan.FromMilliseconds(pace == EmulatorPace.Demo ? 400 : 50);
        options.PrincipalReplicationDeadline = TimeSpan.FromSeconds(30);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}
