using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using AttachFunctions.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Bench;

/// <summary>
/// Event Grid delivering 5,000 events (500 distinct cluster events, each delivered 10 times: 90% duplicates), shuffled,
/// in batches of 10 per POST, 8 POSTs in flight, through the Functions webhook handler over the real engine. Reports
/// the handling time per POST and how many orchestration runs were started for how many distinct clusters.
/// </summary>
internal static class IngestScenario
{
    private const int CopiesPerEvent = 10;
    private const int BatchSize = 10;
    private const int InFlight = 8;

    public static async Task RunAsync(Report report, bool quick)
    {
        ArgumentNullException.ThrowIfNull(report);
        var distinct = quick ? 50 : 500;
        var spec = new WorldSpec { Clusters = distinct, Workspaces = 1, Preattached = true, PageSize = 1000 };
        var counter = new EventCounter();
        await using var world = await BenchWorld.StartAsync(spec, logs: counter);
        await CallsScenario.SetUpNamespacesAsync(world, distinct);
        world.Emulator.Journal.Clear();
        var webhook = world.Webhook;

        var random = new Random(20261128);
        var deliveries = Enumerable.Range(0, distinct)
            .SelectMany(i => Enumerable.Repeat((BenchWorld.ClusterId(i), $"evt-{i:D5}"), CopiesPerEvent))
            .OrderBy(_ => random.Next())
            .ToArray();
        var batches = deliveries.Chunk(BatchSize).Select(BenchWorld.ClusterWriteDelivery).ToArray();

        var timings = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (body, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var result = await webhook.HandleAsync(BenchWorld.Post(body), world.Engine.Client, ct);
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var status = result is Microsoft.AspNetCore.Mvc.ContentResult c ? c.StatusCode ?? 200 : 200;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        });
        var ingestWall = clock.Elapsed.TotalSeconds;

        // Let every run finish, then count instances and executions.
        var instances = 0;
        await foreach (var instance in world.Engine.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = InstanceIds.ReconcilePrefix }))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await world.Engine.Client.WaitForInstanceCompletionAsync(instance.InstanceId, false, timeout.Token);
            instances++;
        }

        var settleWall = clock.Elapsed.TotalSeconds;
        var sorted = timings.Order().ToArray();
        var p50 = Percentile(sorted, 0.50);
        var p99 = Percentile(sorted, 0.99);
        var counts = world.Count();

        var rows = report.Table($"Ingest: {deliveries.Length} deliveries ({distinct} distinct events, {CopiesPerEvent} copies each), {batches.Length} POSTs of {BatchSize}, {InFlight} in flight",
            "measure", "value");
        rows.Add(["POST handling time p50", Report.F(p50, 1) + " ms"]);
        rows.Add(["POST handling time p99", Report.F(p99, 1) + " ms"]);
        rows.Add(["POST handling time max", Report.F(sorted[^1], 1) + " ms"]);
        rows.Add(["answers", string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"))]);
        rows.Add(["ingest wall time", Report.F(ingestWall, 1) + " s"]);
        rows.Add(["distinct clusters", Report.I(distinct)]);
        rows.Add(["orchestration instances", Report.I(instances)]);
        rows.Add(["runs started (new executions)", Report.I(counter.Started)]);
        rows.Add(["duplicates acknowledged while the run was active", Report.I(counter.Duplicates)]);
        rows.Add(["re-checks raised on an active run", Report.I(counter.Rechecks)]);
        rows.Add(["ARM writes during ingest (converged fleet)", Report.I(counts.ArmWrites + counts.ArmDeletes + counts.KubeWrites)]);
        rows.Add(["time until every run finished", Report.F(settleWall, 1) + " s"]);

        var targets = report.Table("Targets", "target", "measured", "met");
        targets.Add(["runs started == distinct clusters", $"{counter.Started} runs for {distinct} clusters", counter.Started == distinct ? "yes" : "no"]);
        targets.Add(["instances == distinct clusters", $"{instances} for {distinct}", instances == distinct ? "yes" : "no"]);

        report.Json["deliveries"] = deliveries.Length;
        report.Json["distinctClusters"] = distinct;
        report.Json["posts"] = batches.Length;
        report.Json["p50Ms"] = Math.Round(p50, 2);
        report.Json["p99Ms"] = Math.Round(p99, 2);
        report.Json["maxMs"] = Math.Round(sorted[^1], 2);
        report.Json["instances"] = instances;
        report.Json["runsStarted"] = counter.Started;
        report.Json["duplicates"] = counter.Duplicates;
        report.Json["rechecks"] = counter.Rechecks;
        report.Json["ingestWallSeconds"] = Math.Round(ingestWall, 2);
        report.Json["settleWallSeconds"] = Math.Round(settleWall, 2);
        report.Json["statuses"] = new JsonObject(statuses.Select(s => KeyValuePair.Create(s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)s.Value)));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Counts the webhook's start decisions by their log event ids (started, duplicate, re-check).</summary>
    private sealed class EventCounter : ILoggerProvider, ILogger
    {
        private int _started;
        private int _duplicates;
        private int _rechecks;

        public int Started => _started;

        public int Duplicates => _duplicates;

        public int Rechecks => _rechecks;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The run starter's event ids (src/AttachFunctions.Api/ApiLog.cs): started, re-check raised, duplicate acknowledged.
            switch (eventId.Id)
            {
                case 3001:
                    Interlocked.Increment(ref _started);
                    break;
                case 3002:
                    Interlocked.Increment(ref _rechecks);
                    break;
                case 3003:
                    Interlocked.Increment(ref _duplicates);
                    break;
            }
        }

        public void Dispose()
        {
        }
    }
}
