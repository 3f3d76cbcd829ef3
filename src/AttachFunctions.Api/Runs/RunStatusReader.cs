using System.Text.Json;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask.Client;

namespace AttachFunctions.Api.Runs;

/// <summary>
/// The status of a reconcile run for the API: runtime status, live progress (the run's custom status plus, for each
/// attachment in flight, the step its sub-orchestration is on) and, once done, the per-attachment per-step outcomes
/// with diagnoses. Only orchestration metadata is read.
/// </summary>
public sealed class RunStatusReader
{
    private readonly TimeProvider _time;

    public RunStatusReader(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    public async Task<object?> ReadAsync(DurableTaskClient client, string instanceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var run = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
        if (run is null)
        {
            return null;
        }

        var input = run.ReadInputAs<ReconcileInput>();
        var progress = run.ReadCustomStatusAs<ReconcileProgress>();
        var live = new List<object>();
        foreach (var attachment in progress?.Attachments ?? [])
        {
            if (attachment.State != ProgressStates.Running || attachment.InstanceId is null)
            {
                live.Add(new { key = attachment.Key, state = attachment.State });
                continue;
            }

            var child = await client.GetInstanceAsync(attachment.InstanceId, getInputsAndOutputs: true, ct);
            var step = child?.ReadCustomStatusAs<StepProgress>();
            live.Add(new { key = attachment.Key, state = attachment.State, step = step?.Step, stepsCompleted = step?.Completed });
        }

        return new
        {
            instanceId = run.InstanceId,
            clusterId = input?.ClusterId,
            dryRun = input?.DryRun,
            runtimeStatus = run.RuntimeStatus.ToString(),
            createdAt = run.CreatedAt,
            lastUpdatedAt = run.LastUpdatedAt,
            ageSeconds = (int)(_time.GetUtcNow() - run.CreatedAt).TotalSeconds,
            progress = progress is null ? null : new { phase = progress.Phase, generation = progress.Generation, attachments = live },
            report = run.IsCompleted ? ReadReport(run) : null,
            failure = run.FailureDetails is { } f ? new { type = f.ErrorType, message = f.ErrorMessage } : null,
        };
    }

    private static ReconcileRunReport? ReadReport(OrchestrationMetadata run)
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
