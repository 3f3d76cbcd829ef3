using Microsoft.Extensions.Time.Testing;

namespace AttachFunctions.Emulator.Tests;

/// <summary>Starts emulators for tests (with the test's cancellation token, optionally on a fake clock).</summary>
internal static class TestHost
{
    public static Task<EmulatorHost> StartAsync(EmulatorScenario scenario, EmulatorOptions? options = null) =>
        EmulatorHost.StartAsync(scenario, options, TestContext.Current.CancellationToken);

    public static async Task<(EmulatorHost Host, FakeTimeProvider Time)> StartFakeAsync(EmulatorScenario scenario)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var host = await StartAsync(scenario, new EmulatorOptions { Time = time });
        return (host, time);
    }
}
