using AttachFunctions.Api.Runs;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AttachFunctions.Cli.Hosting;

/// <summary>
/// The commands' runs, started exactly as the HTTP API and the timer start them (the same starter and handler) and
/// awaited on the in-process engine: <c>apply</c> is a <c>ReconcileCluster</c> run, <c>plan</c> its dry run,
/// <c>repair --all</c> the <c>DriftRepair</c> run.
/// </summary>
internal static class ProductRuns
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Reconciles one cluster (as <c>POST /api/clusters/attach</c> does) and returns the run's report.</summary>
    public static async Task<ReconcileRunReport> ApplyAsync(LocalStack stack, ClusterId cluster, string trigger, Action<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var starter = stack.Target.Services.GetRequiredService<ClusterRunStarter>();
        var (instanceId, _) = await starter.StartAsync(stack.Engine.Client, cluster, trigger + ":" + Guid.NewGuid().ToString("N"), trigger, ct);
        return await ReportAsync(stack, instanceId, progress, ct);
    }

    /// <summary>The dry run of one cluster (as <c>GET /api/plan</c> does): the plan, no writes.</summary>
    public static async Task<ReconcileRunReport> PlanAsync(LocalStack stack, ClusterId cluster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var starter = stack.Target.Services.GetRequiredService<ClusterRunStarter>();
        var instanceId = await starter.StartPlanAsync(stack.Engine.Client, cluster, ct);
        return await ReportAsync(stack, instanceId, null, ct);
    }

    /// <summary>
    /// Fires the drift timer's handler and waits for the fleet run; returns its report and the report of every cluster
    /// run it made (this engine is the command's own, so every <c>ReconcileCluster</c> run in it is the fleet run's).
    /// </summary>
    public static async Task<(DriftRepairReport Report, IReadOnlyList<ReconcileRunReport> Clusters)> RepairAllAsync(
        LocalStack stack, Action<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stack);
        await stack.FireDriftRepairTimerAsync(ct);
        var done = await WaitAsync(stack.Engine.Client, InstanceIds.DriftRepair, progress, ct);
        var report = done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? done.ReadOutputAs<DriftRepairReport>() : null;
        if (report is null)
        {
            throw new InvalidOperationException($"The drift repair run ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        }

        var clusters = new List<ReconcileRunReport>();
        await foreach (var run in stack.Engine.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }).WithCancellation(ct))
        {
            if (run.Name == WorkflowNames.ReconcileCluster && run.IsCompleted && run.ReadOutputAs<ReconcileRunReport>() is { } r)
            {
                clusters.Add(r);
            }
        }

        return (report, clusters.OrderBy(c => c.ClusterId, StringComparer.OrdinalIgnoreCase).ToArray());
    }

    private static async Task<ReconcileRunReport> ReportAsync(LocalStack stack, string instanceId, Action<string>? progress, CancellationToken ct)
    {
        var done = await WaitAsync(stack.Engine.Client, instanceId, progress, ct);
        return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed && done.ReadOutputAs<ReconcileRunReport>() is { } report
            ? report
            : throw new InvalidOperationException($"The run {instanceId} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
    }

    /// <summary>Polls the run until it completes, reporting its phase as it changes.</summary>
    private static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string instanceId, Action<string>? progress, CancellationToken ct)
    {
        string? last = null;
        while (true)
        {
            var run = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct)
                ?? throw new InvalidOperationException($"The run {instanceId} does not exist.");
            if (run.IsCompleted)
            {
                return run;
            }

            var phase = Phase(run);
            if (progress is not null && phase is not null && phase != last)
            {
                progress(phase);
                last = phase;
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private static string? Phase(OrchestrationMetadata run)
    {
        try
        {
            var status = run.ReadCustomStatusAs<ReconcileProgress>();
            if (status?.Phase is not { } phase)
            {
                return null;
            }

            var attachments = status.Attachments ?? [];
            var finished = attachments.Count(a => a.State != ProgressStates.Running);
            return attachments.Count == 0 ? phase : $"{phase} ({finished}/{attachments.Count} attachments done)";
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
