using System.Diagnostics;
using System.Text.Json.Nodes;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask.Client;

namespace AttachFunctions.Bench;

/// <summary>
/// Requests per cluster for a first-time attach and a converged re-check (the real orchestration) against the
/// minimum the contracts allow, and a steady-state drift check over C clusters × W workspaces through the drift
/// orchestration (the timer's path, planning from the process's shared read cache). The orchestrations are the only
/// apply engine; the former "in-process, shared cache" row measured the in-process reconciler only and is gone.
/// </summary>
internal static class CallsScenario
{
    public static async Task RunAsync(Report report, bool quick, string[] args)
    {
        ArgumentNullException.ThrowIfNull(report);
        await PerClusterAsync(report, workspaces: 3);
        await SteadyStateAsync(report, quick, args);
    }

    private static async Task PerClusterAsync(Report report, int workspaces)
    {
        var spec = new WorldSpec { Clusters = 1, Workspaces = workspaces, PageSize = 1000 };
        await using var world = await BenchWorld.StartAsync(spec);
        var id = BenchWorld.ClusterId(0);

        var first = await ReconcileAsync(world, id, "first");
        var firstCounts = world.Count();
        world.Emulator.Journal.Clear();
        var again = await ReconcileAsync(world, id, "recheck");
        var againCounts = world.Count();
        if (!first.Converged || !again.Converged)
        {
            throw new InvalidOperationException($"runs did not converge: {first.Result}, {again.Result}");
        }

        // The minimum the contracts allow (see docs/benchmarks.md): W attachments, one shared namespace, one grant each.
        var w = workspaces;
        var minFirst = (Reads: 2 + 1 + (3 * w), Writes: 2 * w, KubeReads: 0, KubeWrites: 1);
        var minAgain = (Reads: 2 + 1 + w + 1, Writes: 0, KubeReads: 1, KubeWrites: 0);
        var rows = report.Table($"Requests per cluster (1 cluster × {w} workspaces, real orchestration)",
            "run", "ARM reads", "min", "ARM writes", "min", "ARM deletes", "K8s reads", "min", "K8s writes", "min", "429s");
        rows.Add(["first-time attach", Report.I(firstCounts.ArmReads), Report.I(minFirst.Reads), Report.I(firstCounts.ArmWrites), Report.I(minFirst.Writes),
            Report.I(firstCounts.ArmDeletes), Report.I(firstCounts.KubeReads), Report.I(minFirst.KubeReads), Report.I(firstCounts.KubeWrites), Report.I(minFirst.KubeWrites), Report.I(firstCounts.Throttled)]);
        rows.Add(["converged re-check", Report.I(againCounts.ArmReads), Report.I(minAgain.Reads), Report.I(againCounts.ArmWrites), Report.I(minAgain.Writes),
            Report.I(againCounts.ArmDeletes), Report.I(againCounts.KubeReads), Report.I(minAgain.KubeReads), Report.I(againCounts.KubeWrites), Report.I(minAgain.KubeWrites), Report.I(againCounts.Throttled)]);
        report.Json["perCluster"] = new JsonObject
        {
            ["workspaces"] = w,
            ["first"] = Counts(firstCounts),
            ["firstMinimum"] = new JsonObject { ["armReads"] = minFirst.Reads, ["armWrites"] = minFirst.Writes, ["kubeReads"] = minFirst.KubeReads, ["kubeWrites"] = minFirst.KubeWrites },
            ["recheck"] = Counts(againCounts),
            ["recheckMinimum"] = new JsonObject { ["armReads"] = minAgain.Reads, ["armWrites"] = minAgain.Writes, ["kubeReads"] = minAgain.KubeReads, ["kubeWrites"] = minAgain.KubeWrites },
        };
    }

    private static async Task SteadyStateAsync(Report report, bool quick, string[] args)
    {
        int[] clusterCounts = quick ? [10, 50] : [10, 100, 1000];
        int[] workspaceCounts = [2, 4];
        var maxOrchestrated = Options.Int(args, "--max-orchestrated", quick ? 50 : 100);
        var rows = report.Table("Steady-state drift check of a converged fleet (0 writes expected)",
            "C", "W", "path", "ARM reads", "ARM reads per cluster", "K8s reads", "ARM writes+deletes", "K8s writes", "wall (s)");
        var results = new JsonArray();
        foreach (var c in clusterCounts)
        {
            foreach (var w in workspaceCounts)
            {
                if (c > maxOrchestrated)
                {
                    rows.Add([Report.I(c), Report.I(w), "drift orchestration", "not run (--max-orchestrated)", "", "", "", "", ""]);
                    continue;
                }

                Console.Error.WriteLine($"  steady state C={c} W={w} ...");
                var spec = new WorldSpec { Clusters = c, Workspaces = w, Preattached = true, PageSize = 1000 };
                await using var world = await BenchWorld.StartAsync(spec);
                var setUp = Stopwatch.StartNew();
                await SetUpNamespacesAsync(world, c);
                Console.Error.WriteLine($"    set-up {setUp.Elapsed.TotalSeconds:F1} s");

                world.Emulator.Journal.Clear();
                var clock = Stopwatch.StartNew();
                var drift = await DriftAsync(world, batch: 50);
                var driftWall = clock.Elapsed.TotalSeconds;
                var orchestrated = world.Count();
                if (drift.Checked != c || drift.Drifted != 0)
                {
                    throw new InvalidOperationException($"drift run checked {drift.Checked} of {c}, drifted {drift.Drifted}");
                }

                rows.Add([Report.I(c), Report.I(w), "drift orchestration", Report.I(orchestrated.ArmReads), Report.F(orchestrated.ArmReads / (double)c), Report.I(orchestrated.KubeReads),
                    Report.I(orchestrated.ArmWrites + orchestrated.ArmDeletes), Report.I(orchestrated.KubeWrites), Report.F(driftWall)]);
                results.Add(Row(c, w, "drift-orchestration", orchestrated, driftWall));
            }
        }

        report.Json["steadyState"] = results;
    }

    /// <summary>
    /// Makes sure the seeded fleet is converged as the product sees it (namespaces, computes and grants were seeded):
    /// one ReconcileCluster run per cluster on the engine, at most 8 at a time, each of which must write nothing.
    /// </summary>
    public static async Task SetUpNamespacesAsync(BenchWorld world, int clusters)
    {
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, clusters).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var result = await ReconcileAsync(world, BenchWorld.ClusterId(i), "set-up");
                if (!result.Converged || result.Writes != 0)
                {
                    throw new InvalidOperationException($"seeded cluster {i} was not converged ({result.Result}, {result.Writes} writes)");
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public static async Task<DriftRepairReport> DriftAsync(BenchWorld world, int batch)
    {
        ArgumentNullException.ThrowIfNull(world);
        var client = world.Engine.Client;
        var instanceId = InstanceIds.DriftRepair + "-" + Guid.NewGuid().ToString("N")[..8];
        await client.ScheduleNewOrchestrationInstanceAsync(
            WorkflowNames.DriftRepair, new DriftRepairInput(batch, BenchWorld.Settings), new Microsoft.DurableTask.StartOrchestrationOptions(instanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"drift run ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        }

        return done.ReadOutputAs<DriftRepairReport>()!;
    }

    public static async Task<ReconcileRunReport> ReconcileAsync(BenchWorld world, string clusterId, string trigger)
    {
        ArgumentNullException.ThrowIfNull(world);
        var client = world.Engine.Client;
        var instanceId = InstanceIds.ForReconcile(ClusterId.Parse(clusterId));
        await client.ScheduleNewOrchestrationInstanceAsync(
            WorkflowNames.ReconcileCluster, new ReconcileInput(clusterId, false, BenchWorld.Settings, trigger), new Microsoft.DurableTask.StartOrchestrationOptions(instanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        return done.ReadOutputAs<ReconcileRunReport>() ?? throw new InvalidOperationException($"run ended {done.RuntimeStatus}");
    }

    private static JsonObject Counts((int ArmReads, int ArmWrites, int ArmDeletes, int KubeReads, int KubeWrites, int Throttled) c) => new()
    {
        ["armReads"] = c.ArmReads,
        ["armWrites"] = c.ArmWrites,
        ["armDeletes"] = c.ArmDeletes,
        ["kubeReads"] = c.KubeReads,
        ["kubeWrites"] = c.KubeWrites,
        ["throttled"] = c.Throttled,
    };

    private static JsonObject Row(int c, int w, string path, (int ArmReads, int ArmWrites, int ArmDeletes, int KubeReads, int KubeWrites, int Throttled) counts, double wall)
    {
        var row = Counts(counts);
        row["clusters"] = c;
        row["workspaces"] = w;
        row["path"] = path;
        row["wallSeconds"] = Math.Round(wall, 2);
        return row;
    }
}
