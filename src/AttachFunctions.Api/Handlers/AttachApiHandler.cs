using System.Text.Json;
using System.Text.Json.Serialization;
using AttachFunctions.Api.Http;
using AttachFunctions.Api.Options;
using AttachFunctions.Api.Runs;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Policy;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Handlers;

/// <summary>
/// The on-demand HTTP API: attach (or dry-run) one cluster, read a run's status, plan one cluster, list the clusters the
/// automation knows (paged). Each endpoint checks the caller, validates input, schedules or queries orchestrations and answers;
/// none calls ARM or Kubernetes. Status URLs are this API's own; no Durable system key is ever returned.
/// </summary>
public sealed class AttachApiHandler
{
    private const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly AttachPolicy _policy;
    private readonly ClusterRunStarter _starter;
    private readonly EasyAuthGate _gate;
    private readonly RunStatusReader _status;
    private readonly ReconcileOptions _options;
    private readonly RunsOptions _runs;
    private readonly ILogger _logger;

    public AttachApiHandler(
        AttachPolicy policy, ClusterRunStarter starter, EasyAuthGate gate, RunStatusReader status, IOptions<ReconcileOptions> options, IOptions<RunsOptions> runs,
        ILogger<AttachApiHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runs);
        _policy = policy;
        _starter = starter;
        _gate = gate;
        _status = status;
        _options = options.Value;
        _runs = runs.Value;
        _logger = logger;
    }

    public async Task<IActionResult> AttachAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Refuse(request, "clusters/attach") is { } refused)
        {
            return refused;
        }

        var body = await BodyReader.ReadAsync(request, MaxBodyBytes, ct);
        if (body is null)
        {
            return BadRequest("clusters/attach", $"The body is larger than {MaxBodyBytes} bytes.");
        }

        AttachRequest? attach;
        try
        {
            attach = JsonSerializer.Deserialize<AttachRequest>(body.ToMemory().Span, RequestJson);
        }
        catch (JsonException ex)
        {
            return BadRequest("clusters/attach", $"The body is not a valid attach request ({{\"clusterId\": \"...\", \"dryRun\": false}}): {ex.Message}");
        }

        if (ValidateCluster(attach?.ClusterId, out var cluster) is { } invalid)
        {
            return BadRequest("clusters/attach", invalid);
        }

        string instanceId;
        if (attach!.DryRun)
        {
            instanceId = await _starter.StartPlanAsync(client, cluster!, ct);
        }
        else
        {
            (instanceId, _) = await _starter.StartAsync(client, cluster!, "http:" + Guid.NewGuid().ToString("N"), "attach", ct);
        }

        var statusUrl = StatusUrl(request, instanceId);
        request.HttpContext.Response.Headers.Location = statusUrl;
        return ApiResults.Of(202, new { instanceId, statusUrl });
    }

    public async Task<IActionResult> StatusAsync(HttpRequest request, DurableTaskClient client, string instanceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Refuse(request, "clusters/attach/{instanceId}") is { } refused)
        {
            return refused;
        }

        if (!InstanceIds.IsOurs(instanceId))
        {
            return BadRequest("clusters/attach/{instanceId}", "The instance id is not one this API hands out.");
        }

        var status = await _status.ReadAsync(client, instanceId, ct);
        return status is null ? ApiResults.Error(404, $"No run {instanceId}.") : ApiResults.Of(200, status);
    }

    public async Task<IActionResult> PlanAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Refuse(request, "plan") is { } refused)
        {
            return refused;
        }

        if (ValidateCluster(request.Query["clusterId"].ToString(), out var cluster) is { } invalid)
        {
            return BadRequest("plan", invalid);
        }

        var instanceId = await _starter.StartPlanAsync(client, cluster!, ct);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(_options.PlanWait);
        try
        {
            var done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, wait.Token);
            var report = done.ReadOutputAs<ReconcileRunReport>();
            if (done.RuntimeStatus == OrchestrationRuntimeStatus.Completed && report?.Plan is not null)
            {
                return ApiResults.Of(200, new { instanceId, clusterId = cluster!.Id, converged = report.Plan.IsConverged, writes = report.Plan.WriteCount, plan = report.Plan });
            }

            return ApiResults.Of(200, new { instanceId, clusterId = cluster!.Id, runtimeStatus = done.RuntimeStatus.ToString(), blockers = report?.Blockers });
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var statusUrl = StatusUrl(request, instanceId);
            request.HttpContext.Response.Headers.Location = statusUrl;
            return ApiResults.Of(202, new { instanceId, statusUrl });
        }
    }

    /// <summary>
    /// The fleet view, one page at a time: <c>?top=</c> (1 to <c>Runs:ListMaxPageSize</c>, which is also the default) and
    /// <c>?continuationToken=</c> (the opaque token of the previous page). At most <c>top</c> runs are read per request.
    /// </summary>
    public async Task<IActionResult> ClustersAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (Refuse(request, "clusters") is { } refused)
        {
            return refused;
        }

        if (ReadPage(request, out var top, out var storeToken) is { } invalid)
        {
            return BadRequest("clusters", invalid);
        }

        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = InstanceIds.ReconcilePrefix,
            FetchInputsAndOutputs = true,
            PageSize = top,
            ContinuationToken = storeToken,
        };
        var clusters = new List<object>(top);
        string? next = null;
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(storeToken, top).WithCancellation(ct))
        {
            foreach (var run in page.Values.Take(top))
            {
                if (Describe(request, run) is { } cluster)
                {
                    clusters.Add(cluster);
                }
            }

            next = string.IsNullOrEmpty(page.ContinuationToken) ? null : FleetPageToken.Encode(page.ContinuationToken);
            break;
        }

        return ApiResults.Of(200, new { clusters, continuationToken = next });
    }

    private object? Describe(HttpRequest request, OrchestrationMetadata run)
    {
        if (run.Name != WorkflowNames.ReconcileCluster)
        {
            return null;
        }

        var input = run.ReadInputAs<ReconcileInput>();
        if (input is null || !_policy.Scope.Contains(input.ClusterId, out _))
        {
            return null;
        }

        var report = run.IsCompleted ? run.ReadOutputAs<ReconcileRunReport>() : null;
        return new
        {
            clusterId = input.ClusterId,
            instanceId = run.InstanceId,
            runtimeStatus = run.RuntimeStatus.ToString(),
            lastUpdatedAt = run.LastUpdatedAt,
            result = report?.Result,
            converged = report?.Converged,
            statusUrl = StatusUrl(request, run.InstanceId),
        };
    }

    private string? ReadPage(HttpRequest request, out int top, out string? storeToken)
    {
        top = _runs.ListMaxPageSize;
        storeToken = null;
        var topValues = request.Query["top"];
        if (topValues.Count > 1)
        {
            return "top is given more than once.";
        }

        if (topValues.Count == 1)
        {
            var text = topValues[0] ?? "";
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out top) || top < 1 || top > _runs.ListMaxPageSize)
            {
                return $"top must be a whole number from 1 to {_runs.ListMaxPageSize}; got '{Shorten(text)}'.";
            }
        }

        var tokens = request.Query["continuationToken"];
        if (tokens.Count > 1)
        {
            return "continuationToken is given more than once.";
        }

        if (tokens.Count == 1)
        {
            if (!FleetPageToken.TryDecode(tokens[0] ?? "", out var decoded, out var error))
            {
                return error;
            }

            storeToken = decoded;
        }

        return null;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";

    private string? ValidateCluster(string? clusterId, out ClusterId? cluster)
    {
        cluster = null;
        if (string.IsNullOrWhiteSpace(clusterId))
        {
            return "clusterId is required.";
        }

        if (!ClusterId.TryParse(clusterId, out cluster, out var error))
        {
            return $"clusterId is not a cluster id: {error}.";
        }

        if (!_policy.Scope.Contains(cluster.Id, out var reason))
        {
            var name = cluster.Name;
            cluster = null;
            return $"Cluster {name} is outside the policy's scope: {reason}.";
        }

        return null;
    }

    private ContentResult? Refuse(HttpRequest request, string route)
    {
        if (_gate.Check(request) is not { } refusal)
        {
            return null;
        }

        ApiLog.RequestRefused(_logger, route, refusal.Status, refusal.Reason);
        return ApiResults.Error(refusal.Status, refusal.Reason);
    }

    private ContentResult BadRequest(string route, string reason)
    {
        ApiLog.RequestRefused(_logger, route, 400, reason);
        return ApiResults.Error(400, reason);
    }

    private static string StatusUrl(HttpRequest request, string instanceId)
    {
        var path = $"/api/clusters/attach/{Uri.EscapeDataString(instanceId)}";
        return request.Host.HasValue ? $"{request.Scheme}://{request.Host}{path}" : path;
    }

    private sealed record AttachRequest(string? ClusterId, bool DryRun);
}
