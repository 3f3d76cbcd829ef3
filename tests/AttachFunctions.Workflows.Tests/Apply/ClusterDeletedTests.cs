using AttachFunctions.Core.Planning;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

public sealed class ClusterDeletedTests
{
    [Fact]
    public async Task Reconcile_DeletedCluster_DetachesItsComputesPerPolicyAndKeepsTheRest()
    {
        await using var world = await ConvergedAsync();
        var state = world.Emulator.State;
        var journal = world.Emulator.Journal;
        Assert.True(state.DeleteCluster(AksResearch));

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        Assert.Equal(RunResults.CleanedUp, report.Result);
        // ws-research's compute says onClusterDelete: detach; ws-prod's says keep.
        Assert.Null(state.Compute(Research, "aks-research-r"));
        Assert.NotNull(state.Compute(Prod, "aks-research-p"));
        Assert.Single(report.Cleanup, s => s.Outcome == StepOutcomeKind.Deleted && s.Target.Contains("aks-research-r", StringComparison.Ordinal));
        Assert.Single(report.Cleanup, s => s.Outcome == StepOutcomeKind.Unchanged && s.Target.Contains("aks-research-p", StringComparison.Ordinal));
        // The compute attached before the automation existed is not ours: untouched.
        Assert.NotNull(state.Compute(Research, "research-01"));
        // Other clusters' computes are untouched.
        Assert.NotNull(state.Compute(Research, "aks-prod-01-r"));
        Assert.Equal(1, journal.Count(e => e.Method == "DELETE"));
        Assert.Contains("underlyingResourceAction=Detach", journal.Entries.Single(e => e.Method == "DELETE").Query, StringComparison.Ordinal);
        Assert.Equal(1, world.WritesInJournal());

        // Running again finds nothing left to detach: the kept compute is reported as kept, and nothing is written.
        journal.Clear();
        var again = await world.ReconcileAsync(AksResearch);
        Assert.True(again.Converged, again.Describe());
        Assert.DoesNotContain(again.Cleanup, s => s.Outcome != StepOutcomeKind.Unchanged);
        Assert.Equal(0, again.Writes);
        Assert.Equal(0, world.WritesInJournal());
        Assert.NotNull(state.Compute(Prod, "aks-research-p"));
    }
}
