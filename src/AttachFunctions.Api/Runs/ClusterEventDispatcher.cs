using AttachFunctions.Api.EventGrid;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Api.Runs;

/// <summary>
/// Starts one reconcile run per cluster of a parsed delivery (write and delete events share the cluster's run; the run
/// reads the truth and cleans up when the cluster is gone). Logs what was ignored, by reason, never the payload.
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

        var perCluster = parsed.Intents.GroupBy(i => i.Cluster).Select(g => g.Last()).ToArray();
        var failed = false;
        await Task.WhenAll(perCluster.Select(async intent =>
        {
            try
            {
                await _starter.StartAsync(client, intent.Cluster, "event:" + intent.EventId, intent.Kind.ToString(), ct);
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
