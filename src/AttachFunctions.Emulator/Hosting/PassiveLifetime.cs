using Microsoft.Extensions.Hosting;

namespace AttachFunctions.Emulator;

/// <summary>
/// A host lifetime that hooks no console or signal handlers: an in-process emulator must not react to the test process's
/// Ctrl+C or SIGTERM; the executable handles those itself and disposes the host.
/// </summary>
internal sealed class PassiveLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
