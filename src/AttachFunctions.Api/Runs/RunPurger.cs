using AttachFunctions.Api.Options;
using AttachFunctions.Core.Policy;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Runs;

/// <summary>What one purge did.</summary>
public sealed record RunPurgeResult(int Purged, int Kept, bool MoreLeft);

/// <summary>
/// Purges ended runs (Completed, Failed, Terminated) created before now − <see cref="RunsOptions.Retention"/>: plans,
/// attach-/cleanup- sub-orchestrations, old drift runs and the reconcile runs of clusters no longer in scope. The
/// reconcile instance of a cluster still in scope is kept (its id is per cluster, so it is that cluster's latest run,
/// the one the fleet view reads). Pages through the instance store with a filter on CreatedTo and the ended statuses,
/// so running instances are never listed; each candidate's status is read again right before it is purged. At most
/// <see cref="MaxPerPurge"/> instances per call: the next firing continues.
/// </summary>
public sealed class RunPurger
{
    /// <summary>Bounds the ids one purge holds in memory.</summary>
    public const int MaxPerPurge = 5000;

    private static readonly OrchestrationRuntimeStatus[] Ended =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    private readonly AttachPolicy _policy;
    private readonly RunsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RunPurger(AttachPolicy policy, IOptions<RunsOptions> options, ILogger<RunPurger> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _policy = policy;
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public async Task<RunPurgeResult> PurgeAsync(DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var cutoff = _time.GetUtcNow() - _options.Retention;
        var query = new OrchestrationQuery
        {
            CreatedTo = cutoff,
            Statuses = Ended,
            PageSize = _options.PurgePageSize,
            FetchInputsAndOutputs = true,
        };

        var candidates = new List<string>();
        var kept = 0;
        var moreLeft = false;
        await foreach (var run in client.GetAllInstancesAsync(query).WithCancellation(ct))
        {
            if (KeepsLatestRunOfClusterInScope(run))
            {
                kept++;
                continue;
            }

            if (candidates.Count == MaxPerPurge)
            {
                moreLeft = true;
                break;
            }

            candidates.Add(run.InstanceId);
        }

        var purged = 0;
        foreach (var instanceId in candidates)
        {
            var current = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
            if (current is null || !Ended.Contains(current.RuntimeStatus) || current.CreatedAt > cutoff)
            {
                continue;
            }

            var result = await client.PurgeInstanceAsync(instanceId, ct);
            purged += result.PurgedInstanceCount;
        }

        ApiLog.RunsPurged(_logger, purged, kept, cutoff, moreLeft);
        return new RunPurgeResult(purged, kept, moreLeft);
    }

    private bool KeepsLatestRunOfClusterInScope(OrchestrationMetadata run)
    {
        if (run.Name != WorkflowNames.ReconcileCluster || !run.InstanceId.StartsWith(InstanceIds.ReconcilePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        ReconcileInput? input;
        try
        {
            input = run.ReadInputAs<ReconcileInput>();
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        return input is not null && _policy.Scope.Contains(input.ClusterId, out _);
    }
}
