using AttachFunctions.Core.Planning;
using static AttachFunctions.Reconciler.Tests.SampleWorld;

namespace AttachFunctions.Reconciler.Tests;

public sealed class ClusterDeletedTests
{
    [Fact]
    public async Task Reconcile_DeletedCluster_DetachesItsComputesPerPolicyAndKeepsTheRest()
    {
        await using var world = await StartAsync();
        world.FinishExtensionInstalls();
        foreach (var cluster in AttachableClusters)
        {
            Assert.True((await world.ReconcileAsync(cluster)).Converged);
        }

        Assert.True(world.State.DeleteCluster(AksResearch));
        world.Journal.Clear();

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, string.Join("\n", report.Diagnoses));
        // ws-research's compute says onClusterDelete: detach; ws-prod's says keep.
        Assert.Null(world.State.Compute(Research, "aks-research-r"));
        Assert.NotNull(world.State.Compute(Prod, "aks-research-p"));
        Assert.Contains(report.Cleanup, s => s.Outcome == StepOutcomeKind.Deleted && s.Target == "compute ws-research/aks-research-r");
        // The compute attached before the automation existed is not ours: untouched.
        Assert.NotNull(world.State.Compute(Research, "research-01"));
        // Other clusters' computes are untouched.
        Assert.NotNull(world.State.Compute(Research, "aks-prod-01-r"));
        Assert.Equal(1, world.Journal.Count(e => e.Method == "DELETE"));
        Assert.Contains("underlyingResourceAction=Detach", world.Journal.Entries.Single(e => e.Method == "DELETE").Query, StringComparison.Ordinal);

        // Running again finds nothing left to do.
        world.Journal.Clear();
        var again = await world.ReconcileAsync(AksResearch);
        Assert.Empty(again.Cleanup);
        Assert.Equal(0, world.WritesInJournal());
    }
}
