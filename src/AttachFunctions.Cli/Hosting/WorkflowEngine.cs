using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AttachFunctions.Cli.Hosting;

/// <summary>
/// The product's orchestrations on the in-process Durable Task engine (real engine, in-memory backend, registered by
/// the Workflows registration method). Its activities are resolved from the product's own services, so the CLI applies
/// through exactly what the Functions app runs. The handlers schedule and query runs through <see cref="Client"/>.
/// </summary>
internal sealed class WorkflowEngine : IAsyncDisposable
{
    private const string SidecarLogLevel = "Logging__LogLevel__Default";

    private readonly DurableTaskTestHost _host;

    private WorkflowEngine(DurableTaskTestHost host)
    {
        _host = host;
    }

    public DurableTaskClient Client => _host.Client;

    public static async Task<WorkflowEngine> StartAsync(IServiceProvider product, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(product);

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
                    foreach (var activity in WorkflowRegistration.ActivityTypes)
                    {
                        services.AddSingleton(activity, _ => product.GetRequiredService(activity));
                    }
                },
            },
            ct);
        return new WorkflowEngine(host);
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
