using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask;

namespace AttachFunctions.Workflows.Orchestrations;

/// <summary>
/// The fleet drift repair (a singleton under a fixed instance id): list the clusters in scope per subscription (one
/// activity each: two LIST calls), then reconcile them as sub-orchestrations in bounded batches, and count what was
/// checked, drifted, repaired and failed. It does not wait for installing extensions; events handle those.
/// </summary>
public static class DriftRepairOrchestration
{
    /// <summary>Cluster ids listed in the report per category; the counts are always complete.</summary>
    private const int MaxListed = 100;

    public static async Task<DriftRepairReport> RunAsync(TaskOrchestrationContext context, DriftRepairInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var log = context.CreateReplaySafeLogger(WorkflowNames.DriftRepair);
        var retry = StepRetry.Options(input.Settings);
        var subscriptions = await context.CallActivityAsync<IReadOnlyList<string>>(WorkflowNames.ListScopeSubscriptions, "fleet", retry);
        var clusters = new List<string>();
        foreach (var subscription in subscriptions)
        {
            clusters.AddRange(await context.CallActivityAsync<IReadOnlyList<string>>(WorkflowNames.ListClustersInScope, subscription, retry));
        }

        var settings = input.Settings.WithoutExtensionWait();
        var batchSize = Math.Max(1, input.BatchSize);
        var reports = new List<ReconcileRunReport>();
        for (var start = 0; start < clusters.Count; start += batchSize)
        {
            var batch = clusters.Skip(start).Take(batchSize).ToArray();
            context.SetCustomStatus(new { phase = "reconciling", done = start, total = clusters.Count });
            reports.AddRange(await Task.WhenAll(batch.Select(c => ReconcileAsync(context, c, settings))));
        }

        var drifted = reports.Where(r => r.Drifted).ToArray();
        var repaired = drifted.Where(r => r.Converged).Select(r => r.ClusterId).ToArray();
        var failed = reports.Where(r => !r.Converged && r.Result != RunResults.Blocked).Select(r => r.ClusterId).ToArray();
        var blocked = reports.Count(r => r.Result == RunResults.Blocked);
        var report = new DriftRepairReport(reports.Count, drifted.Length, repaired.Length, failed.Length, blocked, repaired.Take(MaxListed).ToArray(), failed.Take(MaxListed).ToArray());
        WorkflowLog.DriftRepaired(log, report.Checked, report.Drifted, report.Repaired, report.Failed, report.Blocked);
        context.SetCustomStatus(new { phase = ProgressStates.Done, done = clusters.Count, total = clusters.Count });
        return report;
    }

    /// <summary>One cluster's run; a run that failed as a whole counts as failed instead of failing the fleet run.</summary>
    private static async Task<ReconcileRunReport> ReconcileAsync(TaskOrchestrationContext context, string clusterId, ReconcileSettings settings)
    {
        try
        {
            return await context.CallSubOrchestratorAsync<ReconcileRunReport>(
                WorkflowNames.ReconcileCluster, new ReconcileInput(clusterId, false, settings, ReconcileClusterOrchestration.DriftTrigger));
        }
        catch (TaskFailedException ex)
        {
            var diagnosis = RetryableStepException.DiagnosisFrom(ex.FailureDetails.ErrorMessage, ex.FailureDetails.ErrorType);
            return new ReconcileRunReport(clusterId, false, 1, RunResults.Failed, null, [], [], [diagnosis]);
        }
    }
}
