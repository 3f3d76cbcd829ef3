using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Activities;
using AttachFunctions.Workflows.Model;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AttachFunctions.Functions;

/// <summary>
/// One-line wrappers around the drift run's two activities that start and read clusters' reconcile runs; they take
/// the Durable client binding (the engine's client is not in the worker's services).
/// </summary>
public static class ClusterRunFunctions
{
    [Function(WorkflowNames.StartClusterRun)]
    public static Task<ClusterRunTicket> StartClusterRun([ActivityTrigger] ClusterRunRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        new StartClusterRunActivity(client).ExecuteAsync(input, context?.CancellationToken ?? CancellationToken.None);

    [Function(WorkflowNames.ReadClusterRuns)]
    public static Task<IReadOnlyList<ClusterRunSummary>> ReadClusterRuns([ActivityTrigger] IReadOnlyList<ClusterRunTicket> input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        new ReadClusterRunsActivity(client).ExecuteAsync(input, context?.CancellationToken ?? CancellationToken.None);
}
