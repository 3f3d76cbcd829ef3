using AttachFunctions.Bench;

var scenarios = new Dictionary<string, Func<Report, bool, string[], Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["latency"] = (r, q, _) => LatencyScenario.RunAsync(r, q),
    ["calls"] = (r, q, a) => CallsScenario.RunAsync(r, q, a),
    ["fleet"] = (r, q, a) => FleetScenario.RunAsync(r, q, a),
    ["ingest"] = (r, q, _) => IngestScenario.RunAsync(r, q),
};

var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
if (name is null || !scenarios.TryGetValue(name, out var run))
{
    Console.Error.WriteLine("usage: AttachFunctions.Bench latency|calls|fleet|ingest [--quick] [--clusters N] [--scale S] [--max-orchestrated N] [--engine-slots N] [--results DIR]");
    return 2;
}

// The in-process engine's in-memory backend runs at most ProcessorCount orchestration and activity work items at a
// time (2 here); a Functions host runs 10 × cores activities per instance by default. Unless told otherwise
// (--engine-slots N, or DOTNET_PROCESSOR_COUNT already set), the program runs itself again with 20 slots.
if (Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT") is null && Environment.ProcessPath is { } self &&
    !self.EndsWith("dotnet", StringComparison.Ordinal))
{
    var slots = Options.Int(args, "--engine-slots", 10 * Environment.ProcessorCount);
    var start = new System.Diagnostics.ProcessStartInfo(self) { UseShellExecute = false };
    foreach (var arg in args)
    {
        start.ArgumentList.Add(arg);
    }

    start.Environment["DOTNET_PROCESSOR_COUNT"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture);
    start.Environment["BENCH_CORES"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
    using var child = System.Diagnostics.Process.Start(start)!;
    await child.WaitForExitAsync();
    return child.ExitCode;
}

var quick = args.Contains("--quick", StringComparer.Ordinal);
var results = Options.Value(args, "--results") ?? Path.Combine(Options.RepoRoot(), "bench", "results");
var report = new Report(name.ToLowerInvariant(), quick);
var cores = Environment.GetEnvironmentVariable("BENCH_CORES") ?? Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
Console.WriteLine($"AttachFunctions benchmark: {name}{(quick ? " (quick)" : "")}, {cores} cores, in-process engine work-item slots: {Environment.ProcessorCount}");
report.Json["cores"] = cores;
report.Json["engineSlots"] = Environment.ProcessorCount;
await run(report, quick, args);
report.Finish(results);
return 0;
