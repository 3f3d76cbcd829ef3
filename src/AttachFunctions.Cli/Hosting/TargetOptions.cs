using AttachFunctions.Emulator;

namespace AttachFunctions.Cli.Hosting;

/// <summary>How fast the embedded emulator's long-running behaviour is.</summary>
internal enum EmulatorPace
{
    /// <summary>Milliseconds: commands against the emulator answer at once.</summary>
    Fast,

    /// <summary>A few hundred milliseconds per operation, so the demo's progress can be watched.</summary>
    Demo,
}

/// <summary>What a command talks to: real Azure, or an emulator started for it.</summary>
internal sealed record TargetOptions
{
    public bool Emulator { get; init; }

    public string? ScenarioPath { get; init; }

    public Uri? ArmEndpoint { get; init; }

    public string? JournalPath { get; init; }

    /// <summary>Fault rate in [0, 1] for emulator 429/503 faults and extra latency (0: none).</summary>
    public double Chaos { get; init; }

    public EmulatorPace Pace { get; init; } = EmulatorPace.Fast;

    /// <summary>The automation's principal in the emulator's scenario (set when the emulator starts).</summary>
    public string? AutomationPrincipal { get; init; }

    public EmulatorScenario LoadScenario()
    {
        if (ScenarioPath is null)
        {
            return EmulatorScenario.Parse(Samples.ScenarioJson);
        }

        if (!File.Exists(ScenarioPath))
        {
            throw new InvalidInputException($"The scenario file '{ScenarioPath}' does not exist. Fix: pass an existing file to --scenario, or leave it out to use the sample.");
        }

        try
        {
            return EmulatorScenario.Load(ScenarioPath);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new InvalidInputException($"The scenario file '{ScenarioPath}' cannot be read: {ex.Message} Fix: use the shape of samples/scenario.json.", ex);
        }
    }
}
