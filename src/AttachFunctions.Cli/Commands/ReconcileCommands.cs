using System.CommandLine;
using System.Globalization;
using AttachFunctions.Cli.Hosting;
using AttachFunctions.Cli.Output;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows.Model;
using Spectre.Console;

namespace AttachFunctions.Cli.Commands;

/// <summary>
/// <c>plan</c>, <c>apply</c> and <c>repair</c>: the product's own runs (the dry run, <c>ReconcileCluster</c>,
/// <c>DriftRepair</c>) on the in-process Durable engine, started as the HTTP API and the timer start them.
/// </summary>
internal static class ReconcileCommands
{
    public static Command CreatePlan(Func<ParseResult, CliConsole> consoleOf) => ClusterCommand(
        "plan",
        "Show what reconciling one cluster would do, step by step with reasons. Reads only: makes no write.",
        consoleOf,
        async (console, stack, id, ct) =>
        {
            var run = await ProductRuns.PlanAsync(stack, id, ct);
            var plan = run.Plan ?? throw new InvalidOperationException($"The dry run of {id.Name} returned no plan.");
            var counts = stack.Target.Emulator is { } e ? Renderers.Count(e.Journal) : null;
            if (console.Json)
            {
                console.WriteJson(new { clusterId = id.Id, plan, journal = counts });
            }
            else
            {
                console.Heading($"Plan for {id.Name}");
                console.Line(id.Id);
                Renderers.Plan(console, plan);
                if (counts is not null)
                {
                    console.Line($"Calls made: {counts.ArmReads} ARM reads, {counts.ArmWrites} writes, {counts.ArmDeletes} deletes (a plan never writes).");
                }

                VerboseJournal(console, stack.Target);
            }

            return plan.Blockers.Count > 0 ? ExitCodes.Failures : ExitCodes.Converged;
        });

    public static Command CreateApply(Func<ParseResult, CliConsole> consoleOf) => ClusterCommand(
        "apply",
        "Reconcile one cluster now: namespace, prerequisite roles, compute attach (or detach + re-attach), compute roles.",
        consoleOf,
        async (console, stack, id, ct) =>
        {
            var report = await WithProgressAsync(console, $"Reconciling {id.Name}", progress => ProductRuns.ApplyAsync(stack, id, "cli", progress, ct));
            return Render(console, stack, report);
        });

    public static Command CreateRepair(Func<ParseResult, CliConsole> consoleOf)
    {
        var command = new Command("repair", "The drift run: reconcile every cluster in scope (--all, the drift timer's run) or one (--cluster), and count what drifted and was repaired.");
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

                await using var stack = await StartAsync(options, result.GetValue(target.Policy), ct);
                if (!result.GetValue(all))
                {
                    var id = await ResolveAsync(stack, result.GetValue(cluster), ct);
                    var one = await WithProgressAsync(console, $"Repairing {id.Name}", progress => ProductRuns.ApplyAsync(stack, id, "cli-repair", progress, ct));
                    return Render(console, stack, one);
                }

                var (summary, clusters) = await WithProgressAsync(console, "Drift repair over the clusters in scope", progress => ProductRuns.RepairAllAsync(stack, progress, ct));
                var rows = clusters.Select(r => new RepairRow(r.ClusterId, Outcome(r), r.Writes, r.Diagnoses().Select(d => d.Code).Distinct().ToArray())).ToArray();
                if (console.Json)
                {
                    console.WriteJson(new
                    {
                        summary = new { @checked = summary.Checked, drifted = summary.Drifted, repaired = summary.Repaired, blocked = summary.Blocked, failed = summary.Failed },
                        clusters = rows,
                        journal = stack.Target.Emulator is { } e ? Renderers.Count(e.Journal) : null,
                    });
                }
                else
                {
                    console.Heading("Drift repair");
                    var table = console.Table("Cluster", "Result", "Writes", "Diagnoses");
                    foreach (var row in rows)
                    {
                        CliConsole.AddRow(table, row.ClusterId, row.Result, row.Writes.ToString(CultureInfo.InvariantCulture), string.Join(", ", row.Diagnoses));
                    }

                    console.Render(table);
                    Renderers.Diagnoses(console, clusters.SelectMany(r => r.Diagnoses()));
                    console.Line($"Checked {summary.Checked}, drifted {summary.Drifted}, repaired {summary.Repaired}, blocked {summary.Blocked}, failed {summary.Failed}.");
                    VerboseJournal(console, stack.Target);
                }

                return summary.Failed > 0 ? ExitCodes.Failures : ExitCodes.Converged;
            });
        });
        return command;
    }

    /// <summary>A command on one cluster: loads the policy, composes and starts the product, resolves <c>--cluster</c>, runs <paramref name="body"/>.</summary>
    private static Command ClusterCommand(
        string name, string description, Func<ParseResult, CliConsole> consoleOf, Func<CliConsole, LocalStack, ClusterId, CancellationToken, Task<int>> body)
    {
        var command = new Command(name, description);
        var cluster = ClusterOption(required: true);
        var target = new TargetArguments();
        command.Options.Add(cluster);
        target.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var console = consoleOf(result);
            return CliApp.GuardAsync(console, async () =>
            {
                await using var stack = await StartAsync(target.Read(result), result.GetValue(target.Policy), ct);
                var id = await ResolveAsync(stack, result.GetValue(cluster), ct);
                return await body(console, stack, id, ct);
            });
        });
        return command;
    }

    private static Task<LocalStack> StartAsync(TargetOptions options, string? policyPath, CancellationToken ct) =>
        LocalStack.StartAsync(options, PolicySource.Load(policyPath, options.Emulator), port: null, ct);

    private static Task<ClusterId> ResolveAsync(LocalStack stack, string? cluster, CancellationToken ct) =>
        ClusterResolver.ResolveAsync(cluster, stack.Policy.Policy, stack.Target.Runtime.Arm, ct);

    /// <summary>The run's result, with "repaired" for a drifted cluster whose run converged.</summary>
    private static string Outcome(ReconcileRunReport report) => report.Drifted && report.Converged ? "repaired" : report.Result;

    private static int Render(CliConsole console, LocalStack stack, ReconcileRunReport report)
    {
        if (console.Json)
        {
            console.WriteJson(new { clusterId = report.ClusterId, converged = report.Converged, writes = report.Writes, report, journal = stack.Target.Emulator is { } e ? Renderers.Count(e.Journal) : null });
        }
        else
        {
            console.Heading($"Apply on {report.ClusterId[(report.ClusterId.LastIndexOf('/') + 1)..]}");
            Renderers.Outcomes(console, report);
            console.Line($"{report.Writes} write(s); {(report.Converged ? "converged" : $"NOT converged: {report.Result} (see the diagnoses)")}.");
            VerboseJournal(console, stack.Target);
        }

        return report.Converged ? ExitCodes.Converged : ExitCodes.Failures;
    }

    private static async Task<T> WithProgressAsync<T>(CliConsole console, string what, Func<Action<string>, Task<T>> work)
    {
        if (console.Interactive)
        {
            return await console.Out.Status().StartAsync(what + "...", context => work(phase => context.Status($"{what}: {phase}")));
        }

        console.Line(what + "...");
        return await work(phase =>
        {
            lock (console)
            {
                console.Line($"  {phase}");
            }
        });
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
