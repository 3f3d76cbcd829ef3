using System.CommandLine;
using AttachFunctions.Cli.Hosting;
using AttachFunctions.Cli.Output;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Reconciliation;
using Spectre.Console;

namespace AttachFunctions.Cli.Commands;

/// <summary><c>plan</c>, <c>apply</c> and <c>repair</c>: the in-process reconciler (the same ensure-steps the orchestrations run).</summary>
internal static class ReconcileCommands
{
    /// <summary>Conditions that stop a cluster by design and are reported as diagnoses, not as failures of the run.</summary>
    private static readonly HashSet<string> BlockingCodes = new(StringComparer.Ordinal)
    {
        DiagnosisCodes.ClusterOutOfScope,
        DiagnosisCodes.NoMatchingRule,
        DiagnosisCodes.AksCrossSubscription,
        DiagnosisCodes.ExtensionMissing,
        DiagnosisCodes.ExtensionNotReady,
        DiagnosisCodes.ExtensionFailed,
    };

    public static Command CreatePlan(Func<ParseResult, CliConsole> consoleOf)
    {
        var command = new Command("plan", "Show what reconciling one cluster would do, step by step with reasons. Reads only: makes no write.");
        var cluster = ClusterOption(required: true);
        var target = new TargetArguments();
        command.Options.Add(cluster);
        target.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var console = consoleOf(result);
            return CliApp.GuardAsync(console, async () =>
            {
                var options = target.Read(result);
                var policy = PolicySource.Load(result.GetValue(target.Policy), options.Emulator);
                await using var world = await Target.StartAsync(options, ct);
                var id = await ClusterResolver.ResolveAsync(result.GetValue(cluster), policy, world.Runtime.Arm, ct);
                var planned = await world.Runtime.Reconciler.PlanAsync(policy, id, new ObservationCache(world.Runtime.Arm), ct);
                var counts = world.Emulator is { } e ? Renderers.Count(e.Journal) : null;
                if (console.Json)
                {
                    console.WriteJson(new { clusterId = id.Id, plan = planned.Plan, journal = counts });
                }
                else
                {
                    console.Heading($"Plan for {id.Name}");
                    console.Line(id.Id);
                    Renderers.Plan(console, planned.Plan);
                    if (counts is not null)
                    {
                        console.Line($"Calls made: {counts.ArmReads} ARM reads, {counts.ArmWrites} writes, {counts.ArmDeletes} deletes (a plan never writes).");
                    }

                    VerboseJournal(console, world);
                }

                return planned.Plan.Blockers.Count > 0 ? ExitCodes.Failures : ExitCodes.Converged;
            });
        });
        return command;
    }

    public static Command CreateApply(Func<ParseResult, CliConsole> consoleOf)
    {
        var command = new Command("apply", "Reconcile one cluster now: namespace, prerequisite roles, compute attach (or detach + re-attach), compute roles.");
        var cluster = ClusterOption(required: true);
        var target = new TargetArguments();
        command.Options.Add(cluster);
        target.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var console = consoleOf(result);
            return CliApp.GuardAsync(console, async () =>
            {
                var options = target.Read(result);
                var policy = PolicySource.Load(result.GetValue(target.Policy), options.Emulator);
                await using var world = await Target.StartAsync(options, ct);
                var id = await ClusterResolver.ResolveAsync(result.GetValue(cluster), policy, world.Runtime.Arm, ct);
                var report = await WithStatusAsync(console, $"Reconciling {id.Name}", () =>
                    world.Runtime.Reconciler.ReconcileAsync(policy, id, dryRun: false, ct));
                if (console.Json)
                {
                    console.WriteJson(new { clusterId = id.Id, converged = report.Converged, writes = report.Writes, report, journal = world.Emulator is { } e ? Renderers.Count(e.Journal) : null });
                }
                else
                {
                    console.Heading($"Apply on {id.Name}");
                    Renderers.Outcomes(console, report);
                    console.Line($"{report.Writes} write(s); {(report.Converged ? "converged" : "NOT converged (see the diagnoses)")}.");
                    VerboseJournal(console, world);
                }

                return report.Converged ? ExitCodes.Converged : ExitCodes.Failures;
            });
        });
        return command;
    }

    public static Command CreateRepair(Func<ParseResult, CliConsole> consoleOf)
    {
        var command = new Command("repair", "The drift run: reconcile every cluster in scope (--all) or one (--cluster), sharing one observation cache, and count what drifted and was repaired.");
        var all = new Option<bool>("--all") { Description = "Every cluster in the policy's scope that a rule matches." };
        var cluster = ClusterOption(required: false);
        var target = new TargetArguments();
        command.Options.Add(all);
        command.Options.Add(cluster);
        target.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var console = consoleOf(result);
            return CliApp.GuardAsync(console, async () =>
            {
                var options = target.Read(result);
                if (result.GetValue(all) == (result.GetValue(cluster) is not null))
                {
                    throw new InvalidInputException("Say what to repair. Fix: pass --all (every cluster in scope) or --cluster ID (one cluster), not both.");
                }

                var policy = PolicySource.Load(result.GetValue(target.Policy), options.Emulator);
                await using var world = await Target.StartAsync(options, ct);
                IReadOnlyList<ClusterId> clusters = result.GetValue(all)
                    ? await ClustersInScopeAsync(policy, world, ct)
                    : [await ClusterResolver.ResolveAsync(result.GetValue(cluster), policy, world.Runtime.Arm, ct)];
                var cache = new ObservationCache(world.Runtime.Arm);
                var reports = await RepairAsync(console, clusters, id => world.Runtime.Reconciler.ReconcileAsync(policy, id, dryRun: false, ct, cache));
                var rows = reports.Select(r => new RepairRow(r.ClusterId, Classify(r), r.Writes, r.Diagnoses.Select(d => d.Code).Distinct().ToArray())).ToArray();
                var summary = new
                {
                    @checked = rows.Length,
                    drifted = reports.Count(r => r.Plan.Blockers.Count == 0 && r.Plan.WriteCount > 0),
                    repaired = rows.Count(r => r.Result == "repaired"),
                    blocked = rows.Count(r => r.Result == "blocked"),
                    failed = rows.Count(r => r.Result == "failed"),
                };
                if (console.Json)
                {
                    console.WriteJson(new { summary, clusters = rows, journal = world.Emulator is { } e ? Renderers.Count(e.Journal) : null });
                }
                else
                {
                    console.Heading("Drift repair");
                    var table = console.Table("Cluster", "Result", "Writes", "Diagnoses");
                    foreach (var row in rows)
                    {
                        CliConsole.AddRow(table, row.ClusterId, row.Result, row.Writes.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", row.Diagnoses));
                    }

                    console.Render(table);
                    Renderers.Diagnoses(console, reports.SelectMany(r => r.Diagnoses));
                    console.Line($"Checked {summary.@checked}, drifted {summary.drifted}, repaired {summary.repaired}, blocked {summary.blocked}, failed {summary.failed}.");
                    VerboseJournal(console, world);
                }

                return summary.failed > 0 ? ExitCodes.Failures : ExitCodes.Converged;
            });
        });
        return command;
    }

    /// <summary>"converged", "repaired", "blocked" (a diagnosis by design) or "failed".</summary>
    internal static string Classify(ReconcileReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var diagnoses = report.Diagnoses.ToList();
        if (diagnoses.Any(d => !BlockingCodes.Contains(d.Code)))
        {
            return "failed";
        }

        if (diagnoses.Count > 0)
        {
            return "blocked";
        }

        return report.Writes > 0 ? "repaired" : "converged";
    }

    internal static async Task<IReadOnlyList<ClusterId>> ClustersInScopeAsync(AttachPolicy policy, Target world, CancellationToken ct)
    {
        var clusters = new List<ClusterId>();
        foreach (var subscription in policy.Scope.Subscriptions.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var c in await world.Runtime.Arm.ListClustersAsync(subscription, ct))
            {
                if (DesiredStateBuilder.Build(policy, c.ToInfo()).IsManaged)
                {
                    clusters.Add(c.Id);
                }
            }
        }

        return clusters.OrderBy(c => c.Id, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static async Task<IReadOnlyList<ReconcileReport>> RepairAsync(CliConsole console, IReadOnlyList<ClusterId> clusters, Func<ClusterId, Task<ReconcileReport>> reconcile)
    {
        var reports = new ReconcileReport[clusters.Count];
        using var gate = new SemaphoreSlim(4);
        if (console.Interactive)
        {
            await console.Out.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("Reconciling clusters", maxValue: Math.Max(1, clusters.Count));
                await Task.WhenAll(clusters.Select(async (id, i) =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        reports[i] = await reconcile(id);
                        task.Increment(1);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            });
            return reports;
        }

        var done = 0;
        await Task.WhenAll(clusters.Select(async (id, i) =>
        {
            await gate.WaitAsync();
            try
            {
                reports[i] = await reconcile(id);
                var n = Interlocked.Increment(ref done);
                lock (console)
                {
                    console.Line($"[{n}/{clusters.Count}] {id.Name}: {Classify(reports[i])} ({reports[i].Writes} write(s))");
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return reports;
    }

    private static async Task<T> WithStatusAsync<T>(CliConsole console, string what, Func<Task<T>> work)
    {
        if (console.Interactive)
        {
            return await console.Out.Status().StartAsync(what + "...", _ => work());
        }

        console.Line(what + "...");
        return await work();
    }

    private static Option<string?> ClusterOption(bool required) => new("--cluster")
    {
        Description = "The cluster: its full resource id, or its name (looked up in the policy's scope).",
        Required = required,
    };

    internal static void VerboseJournal(CliConsole console, Target world)
    {
        if (console.Verbose && world.Emulator is { } emulator)
        {
            Renderers.Journal(console, emulator.Journal);
        }
    }

    private sealed record RepairRow(string ClusterId, string Result, int Writes, IReadOnlyList<string> Diagnoses);
}
