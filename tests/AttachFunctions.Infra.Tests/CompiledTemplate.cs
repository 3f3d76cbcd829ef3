using System.Text.Json.Nodes;
using AttachFunctions.TestSupport;

[assembly: AssemblyFixture(typeof(AttachFunctions.Infra.Tests.CompiledTemplate))]

namespace AttachFunctions.Infra.Tests;

/// <summary>infra/main.bicep compiled to ARM JSON once for the whole test assembly.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    private readonly string _outputDirectory =
        Path.Combine(Path.GetTempPath(), "attachfunctions-infra-" + Guid.NewGuid().ToString("N"));

    private JsonObject? _root;

    /// <summary>A fresh copy of the compiled template that a test may change.</summary>
    public JsonObject Copy() => (JsonObject)(_root ?? throw new InvalidOperationException("Not compiled yet.")).DeepClone();

    public async ValueTask InitializeAsync()
    {
        var json = await BicepCli.BuildAsync(RepoPaths.Combine("infra", "main.bicep"), _outputDirectory, TestContext.Current.CancellationToken);
        _root = JsonNode.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken))!.AsObject();
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_outputDirectory))
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
