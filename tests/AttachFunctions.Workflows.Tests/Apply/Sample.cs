using AttachFunctions.Core.Planning;
using AttachFunctions.Testing;
using AttachFunctions.TestSupport;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>
/// The emulator's sample world (samples/scenario.json) under the sample policy (samples/policy.json): a
/// <see cref="TestWorld"/> started on it. Its ids are <see cref="SampleIds"/>, shared with every suite.
/// </summary>
internal static class Sample
{
    /// <summary>The sample policy as shipped.</summary>
    public static string PolicyJson => File.ReadAllText(RepoPaths.Combine("samples", "policy.json"));

    /// <summary>The sample scenario and policy on a fresh world (emulator at millisecond timings, in-process engine).</summary>
    public static Task<TestWorld> StartAsync(string? policyJson = null) => TestWorld.StartAsync(policyJson: policyJson ?? PolicyJson);

    /// <summary>The extension on aks-prod-01 is still installing in the sample (20 s); most tests want it done.</summary>
    public static void FinishExtensionInstalls(TestWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        world.Emulator.State.SetExtensionState(AksProd, "azureml", "Succeeded");
    }

    /// <summary>A world in which every attachable cluster has been reconciled once (converged), with an empty journal.</summary>
    public static async Task<TestWorld> ConvergedAsync()
    {
        var world = await StartAsync();
        FinishExtensionInstalls(world);
        foreach (var cluster in AttachableClusters)
        {
            var report = await world.ReconcileAsync(cluster);
            Assert.True(report.Converged, report.Describe());
        }

        world.Emulator.Journal.Clear();
        return world;
    }

    /// <summary>Every step outcome of a run, attachments then cleanup.</summary>
    public static IEnumerable<StepOutcome> Steps(this ReconcileRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Attachments.SelectMany(a => a.Steps).Concat(report.Cleanup);
    }

    /// <summary>The run's result, blockers and failed steps with their diagnoses, for assertion messages.</summary>
    public static string Describe(this ReconcileRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var failed = report.Steps().Where(s => s.Outcome == StepOutcomeKind.Failed).Select(s => $"{s.Target}: {s.Diagnosis?.Code} {s.Diagnosis?.Message}");
        var blockers = report.Blockers.Select(b => $"blocked: {b.Code} {b.Message}");
        return string.Join("\n", new[] { "result " + report.Result }.Concat(blockers).Concat(failed));
    }
}
