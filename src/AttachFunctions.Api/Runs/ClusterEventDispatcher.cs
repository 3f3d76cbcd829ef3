using AttachFunctions.Api.EventGrid;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Api.Runs;

/// <summary>
/// Starts one reconcile run per cluster of a parsed delivery (write and delete events share the cluster's run; the run
/// reads the truth). Only a delete lets the run clean up a cluster that is gone: a write event for a cluster that does
/// not exist costs one ARM read (the run's cluster GET) and one durable instance. Makes no ARM call itself. Logs what
/// was ignored, by reason, never the payload.
/// </summary>
public sealed class ClusterEventDispatcher
{
    private readonly ClusterRunStarter _starter;
    private readonly ILogger _logger;

    public ClusterEventDispatcher(ClusterRunStarter starter, ILogger<ClusterEventDispatcher> logger)
    {
        _starter = starter;
        _logger = logger;
    }

    public async Task<(int Clusters, bool Failed)> DispatchAsync(DurableTaskClient client, DeliveryParseResult parsed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        foreach (var ignored in parsed.Ignored)
        {
            ApiLog.EventIgnored(_logger, ignored.EventId, ignored.Reason);
        }

        // One start per cluster (the last event). A delete anywhere in the group lets the run clean up if the cluster is
        // gone, so a stale write after a delete in one batch cannot drop the cleanup; writes alone end at the 404.
        var perCluster = parsed.Intents.GroupBy(i => i.Cluster)
            .Select(g => (Intent: g.Last(), CleanupIfGone: g.Any(i => i.Kind == ClusterEventKind.Delete)))
            .ToArray();
        var failed = false;
        await Task.WhenAll(perCluster.Select(async item =>
        {
            var intent = item.Intent;
            try
            {
                await _starter.StartAsync(client, intent.Cluster, "event:" + intent.EventId, intent.Kind.ToString(), ct, item.CleanupIfGone);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ApiLog.ScheduleFailed(_logger, ex, intent.Cluster.Id);
                failed = true;
            }
        }));
        return (perCluster.Length, failed);
    }
}
