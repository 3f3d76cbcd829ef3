namespace AttachFunctions.Reliability.Tests;

/// <summary>One world for a class of tests that must leave it untouched (bad input never writes).</summary>
public sealed class SharedWorld : IAsyncLifetime
{
    private ReliabilityWorld? _world;

    internal ReliabilityWorld World => _world ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _world = await ReliabilityWorld.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
