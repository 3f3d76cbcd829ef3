using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Emulator;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Cli.Output;

/// <summary>Tables shared by the commands.</summary>
internal static class Renderers
{
    public static void Plan(CliConsole console, ClusterPlan plan)
    {
        var table = console.Table("Attachment", "Step", "Target", "Action", "Reason");
        foreach (var attachment in plan.Attachments)
        {
            foreach (var step in attachment.Steps)
            {
                CliConsole.AddRow(table, attachment.Key, step.Kind.ToString(), step.Target, step.Action.ToString(), step.Reason);
            }
        }

        foreach (var step in plan.Cleanup)
        {
            CliConsole.AddRow(table, "(cleanup)", step.Kind.ToString(), step.Target, step.Action.ToString(), step.Reason);
        }

        if (table.Rows.Count > 0)
        {
            console.Render(table);
        }

        Diagnoses(console, plan.Blockers.Concat(plan.Attachments.SelectMany(a => a.Steps).Select(s => s.Diagnosis).OfType<Diagnosis>()));
        console.Line($"{plan.WriteCount} write step(s) planned{(plan.RuleName is null ? "" : $" (rule {plan.RuleName})")}; {(plan.IsConverged ? "the cluster is converged" : plan.Blockers.Count > 0 ? "blocked" : "not converged")}.");
    }

    public static void Outcomes(CliConsole console, ReconcileRunReport report)
    {
        var table = console.Table("Attachment", "Step", "Target", "Outcome", "Detail");
        foreach (var attachment in report.Attachments)
        {
            foreach (var step in attachment.Steps)
            {
                CliConsole.AddRow(table, attachment.Key, step.Kind.ToString(), step.Target, step.Outcome.ToString(), step.Detail);
            }
        }

        foreach (var step in report.Cleanup)
        {
            CliConsole.AddRow(table, "(cleanup)", step.Kind.ToString(), step.Target, step.Outcome.ToString(), step.Detail);
        }

        if (table.Rows.Count > 0)
        {
            console.Render(table);
        }

        Diagnoses(console, report.Diagnoses());
    }

    public static void Diagnoses(CliConsole console, IEnumerable<Diagnosis> diagnoses)
    {
        var list = diagnoses.Distinct().ToList();
        if (list.Count == 0)
        {
            return;
        }

        var table = console.Table("Diagnosis", "What happened", "Fix");
        foreach (var d in list)
        {
            CliConsole.AddRow(table, d.Code, d.Message, d.Fix);
        }

        console.Render(table);
    }

    /// <summary>The emulator's journal of calls (method, path, status): never bodies, so no secret can appear.</summary>
    public static void Journal(CliConsole console, RequestJournal journal)
    {
        console.Heading("Emulator journal (calls made)");
        foreach (var e in journal.Entries)
        {
            var fault = e.Fault is { } f ? $" fault={f}" : e.Throttled ? " throttled" : "";
            console.Line($"{e.At:HH:mm:ss.fff} {e.Kind,-10} {e.Method,-6} {e.Status} {e.Path}{fault}");
        }
    }

    /// <summary>Counts of the journal: ARM reads, writes, deletes, 429s and Kubernetes calls.</summary>
    public static JournalCounts Count(RequestJournal journal) => new(
        journal.Reads,
        journal.Writes,
        journal.Deletes,
        journal.TooManyRequests,
        journal.Count(e => e.Status is >= 500 and <= 599),
        journal.Count(e => e.Kind == OperationKind.Kubernetes),
        journal.Count(_ => true));
}

/// <summary>What the emulator saw.</summary>
internal sealed record JournalCounts(int ArmReads, int ArmWrites, int ArmDeletes, int Throttled429, int ServerErrors5xx, int KubernetesCalls, int Total);
