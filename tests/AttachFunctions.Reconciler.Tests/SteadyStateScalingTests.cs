using AttachFunctions.Core.Reconciliation;

namespace AttachFunctions.Reconciler.Tests;

public sealed class SteadyStateScalingTests
{
    [Fact]
    public async Task FleetCheck_ConvergedFleet_ReadsGrowWithClustersPlusWorkspacesAndWritesNothing()
    {
        var small = await MeasureConvergedCheckAsync(clusters: 4, workspaces: 2);
        var large = await MeasureConvergedCheckAsync(clusters: 16, workspaces: 4);

        Assert.Equal(0, small.Writes);
        Assert.Equal(0, large.Writes);

        // Per cluster: the cluster, its extensions and its (shared) namespace; per workspace: the workspace and one
        // LIST of its computes; per grant scope: one LIST of role assignments. No read per compute or per assignment.
        Assert.Equal((3 * 4) + (2 * 2) + 1, small.Reads);
        Assert.Equal((3 * 16) + (2 * 4) + 1, large.Reads);

        // 8× the cluster × workspace pairs (8 → 64) cost about 3.4× the reads, in line with clusters + workspaces (6 → 20).
        var readGrowth = (double)large.Reads / small.Reads;
        Assert.True(readGrowth < 8.0 / 2, $"reads grew {readGrowth:F2}× ({small.Reads} → {large.Reads})");
    }

    private static async Task<(int Reads, int Writes)> MeasureConvergedCheckAsync(int clusters, int workspaces)
    {
        await using var world = await SampleWorld.StartAsync(FleetWorld.Scenario(clusters, workspaces), FleetWorld.Policy(workspaces));
        for (var i = 0; i < clusters; i++)
        {
            var first = await world.ReconcileAsync(FleetWorld.ClusterId(i));
            Assert.True(first.Converged, string.Join("\n", first.Diagnoses));
        }

        world.Journal.Clear();
        var cache = new ObservationCache(world.Runtime.Arm);
        for (var i = 0; i < clusters; i++)
        {
            var check = await world.ReconcileAsync(FleetWorld.ClusterId(i), cache: cache);
            Assert.True(check.Plan.IsConverged);
        }

        return (world.Journal.Reads + world.Journal.Count(e => e.Kind == Emulator.OperationKind.Kubernetes && e.Method == "GET"), world.WritesInJournal());
    }
}
