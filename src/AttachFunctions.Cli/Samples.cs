namespace AttachFunctions.Cli;

/// <summary>The sample scenario and policy, embedded so the demo runs from any working directory.</summary>
internal static class Samples
{
    public static string ScenarioJson => Read("samples.scenario.json");

    public static string PolicyJson => Read("samples.policy.json");

    private static string Read(string name)
    {
        using var stream = typeof(Samples).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded sample '{name}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
