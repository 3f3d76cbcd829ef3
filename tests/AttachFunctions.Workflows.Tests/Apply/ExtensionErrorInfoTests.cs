using AttachFunctions.Core.Diagnostics;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>A Failed Azure ML extension: the diagnosis shows Azure's own errorInfo, and nothing is attached.</summary>
public sealed class ExtensionErrorInfoTests
{
    [Fact]
    public async Task FailedExtension_DiagnosisShowsAzuresErrorInfo_AndNothingIsAttached()
    {
        await using var world = await StartAsync();
        world.Emulator.State.SetExtensionState(ArcEdge2, "ml-extension", "Failed");

        var report = await world.ReconcileAsync(ArcEdge2);

        var failed = Assert.Single(report.Diagnoses(), d => d.Code == DiagnosisCodes.ExtensionFailed);
        Assert.Contains("ExtensionOperationFailed", failed.Message, StringComparison.Ordinal);
        Assert.Contains("pod healthcheck failed", failed.Message, StringComparison.Ordinal);
        Assert.Null(world.Emulator.State.Compute(Prod, "arc-edge-02-p"));
        Assert.Null(world.Emulator.State.Compute(Research, "arc-edge-02-r"));
    }
}
