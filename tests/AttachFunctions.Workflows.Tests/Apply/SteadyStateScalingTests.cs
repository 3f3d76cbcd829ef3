using AttachFunctions.Emulator;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>The drift timer's check of a converged fleet: the shared read cache keeps reads at clusters + workspaces.</summary>
public sealed class SteadyStateScalingTests
{
    [Fact]
    public async Task DriftRepair_ConvergedFleet_ReadsGrowWithClustersPlusWorkspacesAndWritesNothing()
    {
        var small = await MeasureConvergedCheckAsync(clusters: 4, workspaces: 2);
        var large = await MeasureConvergedCheckAsync(clusters: 16, workspaces: 4);

        Assert.Equal(0, small.Writes);
        Assert.Equal(0, large.Writes);

        // The bound: 2 LISTs of clusters for the scope's one subscription (AKS and Arc); per cluster its GET, its
        // extensions LIST and its (shared) namespace; per workspace one GET and one LIST of its computes, and per grant
        // scope one LIST of role assignments, each read once for the whole fleet through the process's shared read
        // cache (the drift run plans from it). No read per compute, per assignment, or per cluster × workspace pair.
        Assert.InRange(small.Reads, 3 * 4, ReadBound(clusters: 4, workspaces: 2));
        Assert.InRange(large.Reads, 3 * 16, ReadBound(clusters: 16, workspaces: 4));

        // 8× the cluster × workspace pairs (8 → 64) cost under 4× the reads, in line with clusters + workspaces (6 → 20).
        var readGrowth = (double)large.Reads / small.Reads;
        Assert.True(readGrowth < 8.0 / 2, $"reads grew {readGrowth:F2}× ({small.Reads} → {large.Reads})");
    }

    private static int ReadBound(int clusters, int workspaces) => 2 + (3 * clusters) + (2 * workspaces) + 1;

    private static async Task<(int Reads, int Writes)> MeasureConvergedCheckAsync(int clusters, int workspaces)
    {
        await using var world = await TestWorld.StartAsync(FleetWorld.Scenario(clusters, workspaces), FleetWorld.Policy(workspaces), batchSize: clusters);
        for (var i = 0; i < clusters; i++)
        {
            var first = await world.ReconcileAsync(FleetWorld.ClusterId(i));
            Assert.True(first.Converged, first.Describe());
        }

        world.Emulator.Journal.Clear();
        var check = await world.DriftRepairAsync();

        Assert.Equal(clusters, check.Checked);
        Assert.Equal(0, check.Drifted);
        Assert.Equal(0, check.Failed);
        var journal = world.Emulator.Journal;
        return (journal.Reads + journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method == "GET"), world.WritesInJournal());
    }
}
