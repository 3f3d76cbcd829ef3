using AttachFunctions.Core;
using AttachFunctions.Core.Arm;
using AttachFunctions.Core.Kubernetes;
using AttachFunctions.Core.Resilience;
using AttachFunctions.Emulator;
using Azure.Identity;

namespace AttachFunctions.Cli.Hosting;

/// <summary>
/// The product runtime a command uses, wired either to real Azure (DefaultAzureCredential) or to an embedded
/// emulator started for the command and stopped with it.
/// </summary>
internal sealed class Target : IAsyncDisposable
{
    /// <summary>The automation's principal in the sample scenario.</summary>
    public const string SampleAutomationPrincipal = "55555555-0000-0000-0000-000000000001";

    private Target(AttachRuntime runtime, EmulatorHost? emulator)
    {
        Runtime = runtime;
        Emulator = emulator;
    }

    public AttachRuntime Runtime { get; }

    /// <summary>The embedded emulator, when the command runs against it.</summary>
    public EmulatorHost? Emulator { get; }

    public static async Task<Target> StartAsync(TargetOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Emulator)
        {
            var arm = new ArmConnectionOptions();
            if (options.ArmEndpoint is { } endpoint)
            {
                arm.Endpoint = endpoint;
            }

            var runtime = new AttachRuntime(new DefaultAzureCredential(), arm, new KubernetesAccessOptions(), new ResilienceOptions());
            return new Target(runtime, null);
        }

        var scenario = options.LoadScenario();
        var emulator = await EmulatorHost.StartAsync(scenario, new EmulatorOptions { JournalPath = options.JournalPath }, ct);
        Pace(emulator.Knobs, options.Pace);
        if (options.Chaos > 0)
        {
            Chaos(emulator.Knobs, options.Chaos);
        }

        var principal = scenario.Principals.Count > 0 ? scenario.Principals[0].Id : SampleAutomationPrincipal;
        var standIn = AttachRuntime.ForStandIn(emulator.ArmEndpoint, () => emulator.CreateTrustingHandler(), principal, Resilience(options.Pace));
        return new Target(standIn, emulator);
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

    public static ResilienceOptions Resilience(EmulatorPace pace) => new()
    {
        KubernetesRetryDelay = TimeSpan.FromMilliseconds(20),
        KubernetesAttemptTimeout = TimeSpan.FromSeconds(5),
        KubernetesTotalTimeout = TimeSpan.FromSeconds(30),
        PrincipalReplicationFirstDelay = TimeSpan.FromMilliseconds(pace == EmulatorPace.Demo ? 100 : 10),
        PrincipalReplicationMaxDelay = TimeSpan.FromMilliseconds(pace == EmulatorPace.Demo ? 400 : 50),
        PrincipalReplicationDeadline = TimeSpan.FromSeconds(30),
    };

    public async ValueTask DisposeAsync()
    {
        Runtime.Dispose();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}
