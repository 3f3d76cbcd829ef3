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
/// automation knows. Each endpoint checks the caller, validates input, schedules or queries orchestrations and answers;
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
    private readonly ILogger _logger;

    public AttachApiHandler(
        AttachPolicy policy, ClusterRunStarter starter, EasyAuthGate gate, RunStatusReader status, IOptions<ReconcileOptions> options, ILogger<AttachApiHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _policy = policy;
        _starter = starter;
        _gate = gate;
        _status = status;
        _options = options.Value;
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

    public async Task<IActionResult> ClustersAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (Refuse(request, "clusters") is { } refused)
        {
            return refused;
        }

        var query = new OrchestrationQuery { InstanceIdPrefix = InstanceIds.ReconcilePrefix, FetchInputsAndOutputs = true, PageSize = 100 };
        var clusters = new List<object>();
        await foreach (var run in client.GetAllInstancesAsync(query).WithCancellation(ct))
        {
            if (run.Name != WorkflowNames.ReconcileCluster)
            {
                continue;
            }

            var input = run.ReadInputAs<ReconcileInput>();
            if (input is null || !_policy.Scope.Contains(input.ClusterId, out _))
            {
                continue;
            }

            var report = run.IsCompleted ? run.ReadOutputAs<ReconcileRunReport>() : null;
            clusters.Add(new
            {
                clusterId = input.ClusterId,
                instanceId = run.InstanceId,
                runtimeStatus = run.RuntimeStatus.ToString(),
                lastUpdatedAt = run.LastUpdatedAt,
                result = report?.Result,
                converged = report?.Converged,
                statusUrl = StatusUrl(request, run.InstanceId),
            });
        }

        return ApiResults.Of(200, new { clusters });
    }

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
