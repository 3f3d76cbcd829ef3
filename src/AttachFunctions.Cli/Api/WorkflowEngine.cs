using AttachFunctions.Core;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Policy;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Activities;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AttachFunctions.Cli.Api;

/// <summary>
/// The product's orchestrations on the in-process Durable Task engine (real engine, in-memory backend, registered by
/// the Workflows registration method), with the activities' services (policy, runtime, resolver) from this process.
/// The Functions app's triggers schedule and query runs through <see cref="Client"/>.
/// </summary>
internal sealed class WorkflowEngine : IAsyncDisposable
{
    private const string SidecarLogLevel = "Logging__LogLevel__Default";

    private readonly DurableTaskTestHost _host;

    private WorkflowEngine(DurableTaskTestHost host, AttachPolicy policy, AttachRuntime runtime, ReconcileSettings settings)
    {
        _host = host;
        Policy = policy;
        Runtime = runtime;
        Settings = settings;
    }

    public AttachPolicy Policy { get; }

    public AttachRuntime Runtime { get; }

    public ReconcileSettings Settings { get; }

    public DurableTaskClient Client => _host.Client;

    public static async Task<WorkflowEngine> StartAsync(AttachPolicy policy, AttachRuntime runtime, ReconcileSettings settings, CancellationToken ct)
    {
        // The engine's gRPC sidecar builds a default host that logs every request to the console; the CLI's output
        // is its own, so that host's logging is turned off (through configuration, the only switch it reads).
        if (Environment.GetEnvironmentVariable(SidecarLogLevel) is null)
        {
            Environment.SetEnvironmentVariable(SidecarLogLevel, "None");
        }

        var host = await DurableTaskTestHost.StartAsync(
            registry => WorkflowRegistration.Register(registry),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = NullLoggerFactory.Instance,
                ConfigureServices = services =>
                {
                    services.AddSingleton(policy);
                    services.AddSingleton(runtime);
                    services.AddSingleton<AttachmentResolver>();
                },
            },
            ct);
        return new WorkflowEngine(host, policy, runtime, settings);
    }

    /// <summary>Timings for the embedded engine: the extension is polled every second or two, steps retried quickly.</summary>
    public static ReconcileSettings LocalSettings() => new()
    {
        ExtensionDeadline = TimeSpan.FromSeconds(90),
        ExtensionFirstPoll = TimeSpan.FromMilliseconds(500),
        ExtensionMaxPoll = TimeSpan.FromSeconds(2),
        StepAttempts = 6,
        StepFirstRetry = TimeSpan.FromMilliseconds(200),
        StepMaxRetry = TimeSpan.FromSeconds(3),
        MaxGenerations = 5,
    };

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
    }
}
