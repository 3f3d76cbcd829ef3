using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Bench;

/// <summary>
/// A fleet under the emulator's ARM token buckets, through the product's fleet orchestration (DriftRepair, which
/// reconciles every cluster in scope as a sub-orchestration, in batches): first-time attach of C clusters × 4
/// attachments, then drift repair after 5% of the clusters drifted. The buckets are scaled so the first phase's
/// bucket minimum is about 45 s, and the product's own write limiter (150 burst, 8/s by default) is scaled the same.
/// </summary>
internal static class FleetScenario
{
    private const int Workspaces = 4;
    private const int Batch = 50;

    public static async Task RunAsync(Report report, bool quick, string[] args)
    {
        ArgumentNullException.ThrowIfNull(report);
        var clusters = Options.Int(args, "--clusters", quick ? 40 : 100);
        var target = quick ? 10.0 : 45.0;
        // Writes the first phase needs at least: per cluster the kubeconfig POST, W compute PUTs and W grant PUTs.
        var minWrites = clusters * (1 + (2 * Workspaces));
        var scale = Options.Value(args, "--scale") is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : minWrites / ((10 * target) + 200);
        var spec = new WorldSpec
        {
            Clusters = clusters,
            Workspaces = Workspaces,
            Lro = TimeSpan.FromMilliseconds(200),
            Replication = TimeSpan.Zero,
            ThrottleScale = scale,
            LimiterScale = scale,
            PageSize = 1000,
        };

        var config = report.Table("Fleet set-up", "knob", "value");
        config.Add(["clusters × attachments", $"{clusters} × {Workspaces}"]);
        config.Add(["token-bucket scale (emulator and the product's write limiter)", Report.F(scale, 3)]);
        config.Add(["emulator write bucket", $"{Report.F(200 * scale, 0)} burst, {Report.F(10 * scale, 1)}/s"]);
        config.Add(["emulator read bucket", $"{Report.F(250 * scale, 0)} burst, {Report.F(25 * scale, 1)}/s"]);
        config.Add(["product write limiter", $"{Report.F(150 * scale, 0)} burst, {Report.F(8 * scale, 1)}/s"]);
        config.Add(["fleet orchestration batch size", Report.I(Batch)]);
        config.Add(["attach LRO", Report.F(spec.Lro.TotalMilliseconds, 0) + " ms"]);

        await using var world = await BenchWorld.StartAsync(spec);
        var rows = report.Table("Fleet phases (through the DriftRepair orchestration)",
            "phase", "clusters repaired", "wall (s)", "ARM reads", "ARM write-bucket requests", "ARM deletes", "429s", "bucket minimum, necessary requests (s)", "wall ÷ minimum", "binding bucket", "bucket minimum, requests actually sent (s)");
        var phases = new JsonArray();

        Console.Error.WriteLine("  first-time attach ...");
        var clock = Stopwatch.StartNew();
        var first = await CallsScenario.DriftAsync(world, Batch);
        var firstWall = clock.Elapsed.TotalSeconds;
        var firstCounts = world.Count();
        var firstSent = Sent(world);
        var firstThrottled = Throttled(world);
        var firstSentMin = Minimum(scale, firstSent.Reads, firstSent.Writes, firstSent.Deletes);
        var firstMin = Minimum(scale, reads: (clusters * (2 + (2 * Workspaces))) + Workspaces, writes: minWrites, deletes: 0);
        AssertAttached(world, clusters);
        rows.Add(Row("first-time attach", first.Repaired, firstWall, firstSent, firstMin, firstSentMin));
        phases.Add(PhaseJson("first-time attach", first.Checked, first.Repaired, first.Failed, firstWall, firstCounts, firstMin, firstSent, firstSentMin));

        // 5% drift: every 20th cluster loses a compute (detached) or a compute identity's grant, alternately.
        var drifted = 0;
        var driftWrites = 0;
        for (var i = 0; i < clusters; i += 20)
        {
            var w = (i / 20) % Workspaces;
            var name = BenchWorld.ClusterName(i) + "-" + BenchWorld.WorkspaceName(w);
            if ((i / 20) % 2 == 0)
            {
                world.Emulator.State.DeleteCompute(BenchWorld.WorkspaceId(w), name);
                driftWrites += 2;
            }
            else
            {
                var principal = world.Emulator.State.Compute(BenchWorld.WorkspaceId(w), name)!.PrincipalId;
                var grant = world.Emulator.State.RoleAssignments(principal).First(a => a.RoleDefinitionGuid.Equals(RoleCatalog.AcrPull.DefinitionGuid.ToString("D"), StringComparison.OrdinalIgnoreCase));
                world.Emulator.State.DeleteRoleAssignment(grant.Id);
                driftWrites += 1;
            }

            drifted++;
        }

        // Let the buckets refill as they would between two timer firings.
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(200 / 10.0, 250 / 25.0)));
        world.Emulator.Journal.Clear();
        Console.Error.WriteLine("  drift repair ...");
        clock.Restart();
        var repair = await CallsScenario.DriftAsync(world, Batch);
        var repairWall = clock.Elapsed.TotalSeconds;
        var repairCounts = world.Count();
        var repairSent = Sent(world);
        var repairThrottled = Throttled(world);
        var repairSentMin = Minimum(scale, repairSent.Reads, repairSent.Writes, repairSent.Deletes);
        var repairMin = Minimum(scale, reads: (clusters * 2) + Workspaces + 1, writes: driftWrites, deletes: 0);
        AssertAttached(world, clusters);
        rows.Add(Row($"drift repair ({drifted} of {clusters} drifted)", repair.Repaired, repairWall, repairSent, repairMin, repairSentMin));
        phases.Add(PhaseJson("drift repair", repair.Checked, repair.Repaired, repair.Failed, repairWall, repairCounts, repairMin, repairSent, repairSentMin));

        var split = report.Table("429s by bucket", "phase", "reads throttled", "writes throttled", "deletes throttled");
        split.Add(["first-time attach", Report.I(firstThrottled.Reads), Report.I(firstThrottled.Writes), Report.I(firstThrottled.Deletes)]);
        split.Add(["drift repair", Report.I(repairThrottled.Reads), Report.I(repairThrottled.Writes), Report.I(repairThrottled.Deletes)]);
        report.Json["throttledFirst"] = new JsonObject { ["reads"] = firstThrottled.Reads, ["writes"] = firstThrottled.Writes, ["deletes"] = firstThrottled.Deletes };
        report.Json["throttledRepair"] = new JsonObject { ["reads"] = repairThrottled.Reads, ["writes"] = repairThrottled.Writes, ["deletes"] = repairThrottled.Deletes };

        var targets = report.Table("Targets", "target", "measured", "met");
        targets.Add(["0 429s (first-time attach)", Report.I(firstCounts.Throttled), firstCounts.Throttled == 0 ? "yes" : "no"]);
        targets.Add(["0 429s (drift repair)", Report.I(repairCounts.Throttled), repairCounts.Throttled == 0 ? "yes" : "no"]);
        targets.Add(["first-time attach ≤ 1.15 × bucket minimum", Report.F(firstWall / firstMin.Seconds) + "×", firstWall / firstMin.Seconds <= 1.15 ? "yes" : "no"]);

        report.Json["clusters"] = clusters;
        report.Json["workspaces"] = Workspaces;
        report.Json["scale"] = Math.Round(scale, 4);
        report.Json["batch"] = Batch;
        report.Json["phases"] = phases;
    }

    /// <summary>The least time the emulator's buckets allow for a number of requests of each kind, and which bucket binds.</summary>
    private static (double Seconds, string Bucket) Minimum(double scale, int reads, int writes, int deletes)
    {
        static double Of(int n, double capacity, double rate) => Math.Max(0, (n - capacity) / rate);
        var candidates = new[]
        {
            (Of(reads, 250 * scale, 25 * scale), "reads"),
            (Of(writes, 200 * scale, 10 * scale), "writes"),
            (Of(deletes, 200 * scale, 10 * scale), "deletes"),
        };
        var max = candidates.MaxBy(c => c.Item1);
        return max.Item1 > 0 ? max : (0, "none (fits in the bursts)");
    }

    private static (int Reads, int Writes, int Deletes) Throttled(BenchWorld world)
    {
        var entries = world.Emulator.Journal.Entries;
        return (
            entries.Count(e => e.Kind == Emulator.OperationKind.ArmRead && e.Status == 429),
            entries.Count(e => e.Kind == Emulator.OperationKind.ArmWrite && e.Status == 429),
            entries.Count(e => e.Kind == Emulator.OperationKind.ArmDelete && e.Status == 429));
    }

    /// <summary>Requests that reached the emulator per ARM bucket (throttled ones included), straight from the journal.</summary>
    private static (int Reads, int Writes, int Deletes, int Throttled) Sent(BenchWorld world)
    {
        var entries = world.Emulator.Journal.Entries;
        return (
            entries.Count(e => e.Kind == Emulator.OperationKind.ArmRead && !e.Throttled),
            entries.Count(e => e.Kind == Emulator.OperationKind.ArmWrite && !e.Throttled),
            entries.Count(e => e.Kind == Emulator.OperationKind.ArmDelete && !e.Throttled),
            entries.Count(e => e.Status == 429));
    }

    private static string[] Row(string name, int repaired, double wall, (int Reads, int Writes, int Deletes, int Throttled) sent, (double Seconds, string Bucket) min, (double Seconds, string Bucket) sentMin) =>
    [
        name, Report.I(repaired), Report.F(wall, 1), Report.I(sent.Reads), Report.I(sent.Writes), Report.I(sent.Deletes), Report.I(sent.Throttled),
        Report.F(min.Seconds, 1), min.Seconds > 0 ? Report.F(wall / min.Seconds) + "×" : "n/a", min.Bucket, $"{Report.F(sentMin.Seconds, 1)} ({sentMin.Bucket})",
    ];

    private static JsonObject PhaseJson(
        string name, int @checked, int repaired, int failed, double wall, (int ArmReads, int ArmWrites, int ArmDeletes, int KubeReads, int KubeWrites, int Throttled) c,
        (double Seconds, string Bucket) min, (int Reads, int Writes, int Deletes, int Throttled) sent, (double Seconds, string Bucket) sentMin) => new()
    {
        ["acceptedReads"] = sent.Reads,
        ["acceptedWriteBucketRequests"] = sent.Writes,
        ["bucketMinimumForRequestsSentSeconds"] = Math.Round(sentMin.Seconds, 2),
        ["phase"] = name,
        ["checked"] = @checked,
        ["repaired"] = repaired,
        ["failed"] = failed,
        ["wallSeconds"] = Math.Round(wall, 2),
        ["armReads"] = c.ArmReads,
        ["armWrites"] = c.ArmWrites,
        ["armDeletes"] = c.ArmDeletes,
        ["kubeReads"] = c.KubeReads,
        ["kubeWrites"] = c.KubeWrites,
        ["throttled"] = c.Throttled,
        ["bucketMinimumSeconds"] = Math.Round(min.Seconds, 2),
        ["bindingBucket"] = min.Bucket,
    };

    private static void AssertAttached(BenchWorld world, int clusters)
    {
        var missing = 0;
        for (var w = 0; w < Workspaces; w++)
        {
            var computes = world.Emulator.State.Computes(BenchWorld.WorkspaceId(w));
            missing += clusters - computes.Count(c => c.ProvisioningState == "Succeeded");
        }

        if (missing > 0)
        {
            Console.WriteLine($"warning: {missing} attachments are not Succeeded after the phase");
        }
    }
}
