using AttachFunctions.Cli.Api;
using AttachFunctions.Core.Policy;
using AttachFunctions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace AttachFunctions.Cli.Hosting;

/// <summary>
/// Emulator + the orchestrations on the in-process Durable engine + the Functions app's HTTP triggers on loopback:
/// what <c>serve</c> and <c>demo</c> run.
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    private readonly ServiceProvider _functions;

    private LocalStack(Target target, WorkflowEngine engine, ServiceProvider functions, ApiServer api)
    {
        Target = target;
        Engine = engine;
        _functions = functions;
        Api = api;
    }

    public Target Target { get; }

    public WorkflowEngine Engine { get; }

    public ApiServer Api { get; }

    public Emulator.EmulatorHost Emulator => Target.Emulator!;

    public static async Task<LocalStack> StartAsync(TargetOptions options, AttachPolicy policy, int port, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = await Target.StartAsync(options with { Emulator = true }, ct);
        WorkflowEngine? engine = null;
        ServiceProvider? functions = null;
        try
        {
            engine = await WorkflowEngine.StartAsync(policy, target.Runtime, WorkflowEngine.LocalSettings(), ct);
            functions = FunctionsAppServices.Build(policy, target.Runtime, engine.Settings, target.Emulator!.ArmEndpoint);
            var api = await ApiServer.StartAsync(functions, engine.Client, port, ct);
            return new LocalStack(target, engine, functions, api);
        }
        catch
        {
            if (functions is not null)
            {
                await functions.DisposeAsync();
            }

            if (engine is not null)
            {
                await engine.DisposeAsync();
            }

            await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the drift-repair timer does when it fires: start the singleton DriftRepair orchestration unless one runs.</summary>
    public Task<bool> FireDriftRepairTimerAsync(CancellationToken ct) =>
        _functions.GetRequiredService<DriftRepairTimerFunction>().HandleAsync(Engine.Client, ct);

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await _functions.DisposeAsync();
        await Engine.DisposeAsync();
        await Target.DisposeAsync();
    }
}
