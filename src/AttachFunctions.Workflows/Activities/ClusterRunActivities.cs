using System.Text.Json;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows.Model;
using AttachFunctions.Workflows.Runs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AttachFunctions.Workflows.Activities;

/// <summary>
/// Starts a cluster's reconcile run for the drift run under the cluster's own instance id, with the rule events and
/// the HTTP API use (<see cref="ReconcileRuns"/>): a run already in progress is asked to re-check instead, so the
/// drift run never stacks a second run of a cluster beside an event's. The Durable client comes from the host (the
/// Functions binding, or the in-process engine's services).
/// </summary>
public sealed class StartClusterRunActivity : TaskActivity<ClusterRunRequest, ClusterRunTicket>
{
    private readonly DurableTaskClient _client;

    public StartClusterRunActivity(DurableTaskClient client)
    {
        _client = client;
    }

    public override Task<ClusterRunTicket> RunAsync(TaskActivityContext context, ClusterRunRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<ClusterRunTicket> ExecuteAsync(ClusterRunRequest input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cluster = ClusterId.Parse(input.ClusterId);
        var instanceId = InstanceIds.ForReconcile(cluster);
        var outcome = await ReconcileRuns.StartOrRecheckAsync(_client, instanceId, new ReconcileInput(cluster.Id, false, input.Settings, input.Trigger), ct);
        return new ClusterRunTicket(cluster.Id, instanceId, outcome.ToString());
    }
}

/// <summary>Reads where the given clusters' reconcile runs are (metadata only): ended or not, and the summary of the ones that ended.</summary>
public sealed class ReadClusterRunsActivity : TaskActivity<IReadOnlyList<ClusterRunTicket>, IReadOnlyList<ClusterRunSummary>>
{
    private readonly DurableTaskClient _client;

    public ReadClusterRunsActivity(DurableTaskClient client)
    {
        _client = client;
    }

    public override Task<IReadOnlyList<ClusterRunSummary>> RunAsync(TaskActivityContext context, IReadOnlyList<ClusterRunTicket> input) =>
        ExecuteAsync(input, CancellationToken.None);

    public async Task<IReadOnlyList<ClusterRunSummary>> ExecuteAsync(IReadOnlyList<ClusterRunTicket> input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var summaries = new List<ClusterRunSummary>(input.Count);
        foreach (var ticket in input)
        {
            var run = await _client.GetInstanceAsync(ticket.InstanceId, getInputsAndOutputs: true, ct);
            summaries.Add(Summarize(ticket, run));
        }

        return summaries;
    }

    private static ClusterRunSummary Summarize(ClusterRunTicket ticket, OrchestrationMetadata? run)
    {
        if (run is null)
        {
            return new ClusterRunSummary(ticket.ClusterId, ticket.InstanceId, true, RunResults.Failed, false, false);
        }

        if (!run.IsCompleted)
        {
            return new ClusterRunSummary(ticket.ClusterId, ticket.InstanceId, false, null, false, false);
        }

        var report = run.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? Read(run) : null;
        return report is null
            ? new ClusterRunSummary(ticket.ClusterId, ticket.InstanceId, true, RunResults.Failed, false, false)
            : new ClusterRunSummary(ticket.ClusterId, ticket.InstanceId, true, report.Result, report.Drifted, report.Converged);
    }

    private static ReconcileRunReport? Read(OrchestrationMetadata run)
    {
        try
        {
            return run.ReadOutputAs<ReconcileRunReport>();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
