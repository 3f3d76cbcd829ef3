using AttachFunctions.Api.Handlers;
using AttachFunctions.Cli.Api;
using Microsoft.Extensions.DependencyInjection;

namespace AttachFunctions.Cli.Hosting;

/// <summary>
/// The product composed for a command (against Azure or the emulator), its orchestrations on the in-process Durable
/// engine and, for <c>serve</c> and <c>demo</c>, the HTTP API on loopback. Every command applies through this.
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    private LocalStack(LoadedPolicy policy, Target target, WorkflowEngine engine, ApiServer? api)
    {
        Policy = policy;
        Target = target;
        Engine = engine;
        Api = api;
    }

    /// <summary>The policy the command loaded (the product composed the same text).</summary>
    public LoadedPolicy Policy { get; }

    public Target Target { get; }

    public WorkflowEngine Engine { get; }

    /// <summary>The local HTTP API, when started with a port.</summary>
    public ApiServer? Api { get; }

    public Emulator.EmulatorHost Emulator => Target.Emulator ?? throw new InvalidOperationException("This command runs against Azure, not the emulator.");

    public AttachApiHandler Handlers => Target.Services.GetRequiredService<AttachApiHandler>();

    /// <summary>Starts the product and the engine; with <paramref name="port"/> also the HTTP API (0 picks a free port).</summary>
    public static async Task<LocalStack> StartAsync(TargetOptions options, LoadedPolicy policy, int? port, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = await Target.StartAsync(options, policy, WorkflowEngine.LocalSettings(), ct);
        WorkflowEngine? engine = null;
        try
        {
            engine = await WorkflowEngine.StartAsync(target.Services, ct);
            var api = port is { } p ? await ApiServer.StartAsync(target.Services, engine.Client, p, ct) : null;
            return new LocalStack(policy, target, engine, api);
        }
        catch
        {
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
        Target.Services.GetRequiredService<DriftRepairTimerHandler>().HandleAsync(Engine.Client, ct);

    public async ValueTask DisposeAsync()
    {
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        await Engine.DisposeAsync();
        await Target.DisposeAsync();
    }
}
