using System.Diagnostics;
using System.Text.Json.Nodes;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Bench;

/// <summary>
/// Event → all attachments ready, for 1 cluster × 3 workspaces: the real webhook and orchestrations, against the
/// critical-path lower bound computed from the emulator's latencies and against a sequential baseline (every step
/// one after another, as a script of az and kubectl commands does, sent as plain REST calls) measured in the same run.
/// </summary>
internal static class LatencyScenario
{
    public static async Task RunAsync(Report report, bool quick)
    {
        var spec = new WorldSpec
        {
            Clusters = 1,
            Workspaces = 3,
            ArmReadMs = 50,
            ArmWriteMs = 100,
            KubernetesMs = 20,
            Lro = TimeSpan.FromMilliseconds(quick ? 800 : 3000),
            Replication = TimeSpan.FromMilliseconds(quick ? 1500 : 5000),
        };
        var repetitions = quick ? 1 : 3;
        var lowerBound = LowerBoundMs(spec);

        var config = report.Table("Configured latencies (emulator)", "knob", "value");
        config.Add(["ARM read (GET, LRO poll)", Report.F(spec.ArmReadMs, 0) + " ms"]);
        config.Add(["ARM write (PUT/POST; also the kubeconfig POST)", Report.F(spec.ArmWriteMs, 0) + " ms"]);
        config.Add(["Kubernetes API call", Report.F(spec.KubernetesMs, 0) + " ms"]);
        config.Add(["attach LRO duration", Report.F(spec.Lro.TotalMilliseconds, 0) + " ms"]);
        config.Add(["principal replication after the compute PUT", Report.F(spec.Replication.TotalMilliseconds, 0) + " ms"]);
        config.Add(["PrincipalNotFound retry (product pipeline)", $"exponential with jitter, first {spec.Resilience.PrincipalReplicationFirstDelay.TotalMilliseconds:F0} ms, max {spec.Resilience.PrincipalReplicationMaxDelay.TotalMilliseconds:F0} ms"]);

        var runs = new JsonArray();
        var rows = report.Table("Event → all 3 attachments ready (1 cluster × 3 workspaces)",
            "run", "orchestrated (ms)", "sequential baseline (ms)", "lower bound (ms)", "orchestrated ÷ lower bound", "sequential ÷ orchestrated");
        var orchestrated = new List<double>();
        var sequential = new List<double>();
        for (var r = 1; r <= repetitions; r++)
        {
            var o = await OrchestratedAsync(spec);
            var s = await SequentialAsync(spec);
            orchestrated.Add(o);
            sequential.Add(s);
            rows.Add([Report.I(r), Report.F(o, 0), Report.F(s, 0), Report.F(lowerBound, 0), Report.F(o / lowerBound), Report.F(s / o)]);
            runs.Add(new JsonObject { ["orchestratedMs"] = Math.Round(o, 1), ["sequentialMs"] = Math.Round(s, 1) });
        }

        var medianO = Median(orchestrated);
        var medianS = Median(sequential);
        rows.Add(["median", Report.F(medianO, 0), Report.F(medianS, 0), Report.F(lowerBound, 0), Report.F(medianO / lowerBound), Report.F(medianS / medianO)]);

        var targets = report.Table("Targets", "target", "measured (median)", "met");
        targets.Add(["orchestrated ≤ 1.15 × lower bound", Report.F(medianO / lowerBound) + "×", medianO / lowerBound <= 1.15 ? "yes" : "no"]);
        targets.Add(["sequential ÷ orchestrated ≥ 2.5", Report.F(medianS / medianO) + "×", medianS / medianO >= 2.5 ? "yes" : "no"]);

        report.Json["latencies"] = new JsonObject
        {
            ["armReadMs"] = spec.ArmReadMs,
            ["armWriteMs"] = spec.ArmWriteMs,
            ["kubernetesMs"] = spec.KubernetesMs,
            ["lroMs"] = spec.Lro.TotalMilliseconds,
            ["replicationMs"] = spec.Replication.TotalMilliseconds,
        };
        report.Json["lowerBoundMs"] = lowerBound;
        report.Json["runs"] = runs;
        report.Json["medianOrchestratedMs"] = Math.Round(medianO, 1);
        report.Json["medianSequentialMs"] = Math.Round(medianS, 1);
        report.Json["ratioToLowerBound"] = Math.Round(medianO / lowerBound, 3);
        report.Json["speedupOverSequential"] = Math.Round(medianS / medianO, 3);
    }

    /// <summary>
    /// The critical path every correct implementation must wait for, attachments in parallel: read the cluster and its
    /// extensions, fetch the kubeconfig, create the namespace, GET then PUT the compute, then the later of (LRO done and
    /// polled once) and (the compute identity replicated), then PUT the grant.
    /// </summary>
    public static double LowerBoundMs(WorldSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var beforePut = spec.ArmReadMs + spec.ArmReadMs + spec.ArmWriteMs + spec.KubernetesMs + spec.ArmReadMs;
        var afterPut = Math.Max(spec.Lro.TotalMilliseconds + spec.ArmReadMs, spec.Replication.TotalMilliseconds);
        return beforePut + spec.ArmWriteMs + afterPut + spec.ArmWriteMs;
    }

    private static async Task<double> OrchestratedAsync(WorldSpec spec)
    {
        await using var world = await BenchWorld.StartAsync(spec);
        var webhook = world.Webhook;
        var cluster = ClusterId.Parse(BenchWorld.ClusterId(0));
        var instanceId = InstanceIds.ForReconcile(cluster);
        var clock = Stopwatch.StartNew();
        await webhook.HandleAsync(BenchWorld.Post(BenchWorld.ClusterWriteDelivery([(cluster.Id, Guid.NewGuid().ToString())])), world.Engine.Client, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var done = await world.Engine.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var result = done.ReadOutputAs<ReconcileRunReport>();
        if (result is null || !result.Converged)
        {
            throw new InvalidOperationException($"The orchestrated run did not converge: {done.RuntimeStatus} {done.SerializedOutput}");
        }

        AssertReady(world, spec.Workspaces);
        Trace(world);
        return elapsed;
    }

    /// <summary>With BENCH_TRACE set, prints the request timeline of a run (for looking into where the time goes).</summary>
    private static void Trace(BenchWorld world)
    {
        if (Environment.GetEnvironmentVariable("BENCH_TRACE") is not { Length: > 0 })
        {
            return;
        }

        var entries = world.Emulator.Journal.Entries;
        var start = entries[0].At;
        foreach (var e in entries)
        {
            Console.WriteLine($"{(e.At - start).TotalMilliseconds,8:F0} {e.LatencyMs,6:F0} {e.Status} {e.Method} {e.Path}{e.Query} {e.ErrorCode}");
        }
    }

    /// <summary>The sequential baseline: a hand-written script's REST calls, one after another (see <see cref="SequentialScript"/>).</summary>
    private static async Task<double> SequentialAsync(WorldSpec spec)
    {
        await using var world = await BenchWorld.StartAsync(spec, withEngine: false);
        using var script = new SequentialScript(world);
        var clock = Stopwatch.StartNew();
        await script.RunAsync(CancellationToken.None);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        AssertReady(world, spec.Workspaces);
        return elapsed;
    }

    private static void AssertReady(BenchWorld world, int workspaces)
    {
        for (var w = 0; w < workspaces; w++)
        {
            var compute = world.Emulator.State.Compute(BenchWorld.WorkspaceId(w), BenchWorld.ClusterName(0) + "-" + BenchWorld.WorkspaceName(w))
                ?? throw new InvalidOperationException("A compute is missing after the run.");
            if (compute.ProvisioningState != "Succeeded" ||
                !world.Emulator.State.RoleAssignments(compute.PrincipalId).Any(a => a.Scope.Equals(BenchWorld.Registry, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"Attachment {w} is not ready: {compute.ProvisioningState}.");
            }
        }

        if (!world.Emulator.State.Namespaces(BenchWorld.ClusterId(0)).Any(n => n.Name == BenchWorld.Namespace))
        {
            throw new InvalidOperationException("The namespace is missing after the run.");
        }
    }

    public static double Median(List<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
