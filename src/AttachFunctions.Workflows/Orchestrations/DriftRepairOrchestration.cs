using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Workflows.Orchestrations;

/// <summary>
/// The fleet drift repair (a singleton under a fixed instance id): list the clusters in scope per subscription (one
/// activity each: two LIST calls), then, in bounded batches, reach each cluster through its own reconcile instance
/// (<see cref="InstanceIds.ForReconcile"/>): an activity starts the cluster's run, or asks the run already in progress
/// (an event's) to re-check when it ends, so an event run and a drift run of one cluster never run at once. The batch
/// is then awaited with durable timers (polling the runs' status through an activity, at the extension poll cadence,
/// up to <see cref="DriftRepairInput.RunWait"/>), and what was checked, drifted, repaired and failed is counted from
/// each run's report. It does not wait for installing extensions in the runs it starts; events handle those.
/// </summary>
public static class DriftRepairOrchestration
{
    /// <summary>Cluster ids listed in the report per category; the counts are always complete.</summary>
    private const int MaxListed = 100;

    /// <summary>Upper bound of status polls per batch (the wait deadline normally ends polling long before).</summary>
    private const int MaxPollsPerBatch = 200;

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
        var runs = new List<ClusterRunSummary>();
        for (var start = 0; start < clusters.Count; start += batchSize)
        {
            var batch = clusters.Skip(start).Take(batchSize).ToArray();
            context.SetCustomStatus(new { phase = "reconciling", done = start, total = clusters.Count });
            var tickets = await Task.WhenAll(batch.Select(c => StartAsync(context, log, c, settings, retry)));
            runs.AddRange(tickets.Where(t => t.Failed is not null).Select(t => t.Failed!));
            runs.AddRange(await AwaitRunsAsync(context, log, input, tickets.Select(t => t.Ticket).OfType<ClusterRunTicket>().ToArray(), retry));
        }

        var drifted = runs.Where(r => r.Drifted).ToArray();
        var repaired = drifted.Where(r => r.Converged).Select(r => r.ClusterId).ToArray();
        var failed = runs.Where(r => !r.Converged && r.Result != RunResults.Blocked).Select(r => r.ClusterId).ToArray();
        var blocked = runs.Count(r => r.Result == RunResults.Blocked);
        var report = new DriftRepairReport(runs.Count, drifted.Length, repaired.Length, failed.Length, blocked, repaired.Take(MaxListed).ToArray(), failed.Take(MaxListed).ToArray());
        WorkflowLog.DriftRepaired(log, report.Checked, report.Drifted, report.Repaired, report.Failed, report.Blocked);
        context.SetCustomStatus(new { phase = ProgressStates.Done, done = clusters.Count, total = clusters.Count });
        return report;
    }

    /// <summary>Starts (or re-checks) one cluster's run; a start that failed counts the cluster as failed.</summary>
    private static async Task<(ClusterRunTicket? Ticket, ClusterRunSummary? Failed)> StartAsync(
        TaskOrchestrationContext context, ILogger log, string clusterId, ReconcileSettings settings, TaskOptions retry)
    {
        try
        {
            var ticket = await context.CallActivityAsync<ClusterRunTicket>(
                WorkflowNames.StartClusterRun, new ClusterRunRequest(clusterId, settings, ReconcileClusterOrchestration.DriftTrigger), retry);
            WorkflowLog.DriftReachedCluster(log, ticket.ClusterId, ticket.InstanceId, ticket.Outcome);
            return (ticket, null);
        }
        catch (TaskFailedException)
        {
            return (null, new ClusterRunSummary(clusterId, "", true, RunResults.Failed, false, false));
        }
    }

    /// <summary>Waits for the batch's runs with durable timers; a run still going at the deadline counts as failed.</summary>
    private static async Task<IReadOnlyList<ClusterRunSummary>> AwaitRunsAsync(
        TaskOrchestrationContext context, ILogger log, DriftRepairInput input, IReadOnlyList<ClusterRunTicket> tickets, TaskOptions retry)
    {
        var done = new List<ClusterRunSummary>();
        var pending = tickets.ToList();
        var deadline = context.CurrentUtcDateTime + input.RunWait;
        var delay = input.Settings.ExtensionFirstPoll > TimeSpan.Zero ? input.Settings.ExtensionFirstPoll : TimeSpan.FromSeconds(1);
        var maxDelay = input.Settings.ExtensionMaxPoll > delay ? input.Settings.ExtensionMaxPoll : delay;
        for (var poll = 0; pending.Count > 0 && poll < MaxPollsPerBatch && context.CurrentUtcDateTime < deadline; poll++)
        {
            await context.CreateTimer(delay, CancellationToken.None);
            IReadOnlyList<ClusterRunSummary> states;
            try
            {
                states = await context.CallActivityAsync<IReadOnlyList<ClusterRunSummary>>(WorkflowNames.ReadClusterRuns, pending, retry);
            }
            catch (TaskFailedException)
            {
                states = [];
            }

            foreach (var state in states.Where(s => s.Ended))
            {
                done.Add(state);
                pending.RemoveAll(t => t.InstanceId == state.InstanceId);
            }

            var next = TimeSpan.FromTicks(delay.Ticks * 2);
            delay = next < maxDelay ? next : maxDelay;
        }

        foreach (var ticket in pending)
        {
            WorkflowLog.DriftRunStillGoing(log, ticket.ClusterId, ticket.InstanceId);
            done.Add(new ClusterRunSummary(ticket.ClusterId, ticket.InstanceId, false, RunResults.Failed, false, false));
        }

        return done;
    }
}
