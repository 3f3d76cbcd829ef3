using AttachFunctions.Api.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AttachFunctions.Functions;

/// <summary>The on-demand HTTP API: attach (or dry-run) one cluster, a run's status, the plan of one cluster, the clusters.</summary>
public sealed class AttachApiFunctions
{
    private readonly AttachApiHandler _api;

    public AttachApiFunctions(AttachApiHandler api)
    {
        _api = api;
    }

    [Function("AttachCluster")]
    public Task<IActionResult> Attach(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "clusters/attach")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        _api.AttachAsync(request, client, Token(context));

    [Function("GetAttachStatus")]
    public Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "clusters/attach/{instanceId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        FunctionContext context) =>
        _api.StatusAsync(request, client, instanceId, Token(context));

    [Function("GetPlan")]
    public Task<IActionResult> Plan(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "plan")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        _api.PlanAsync(request, client, Token(context));

    [Function("ListClusters")]
    public Task<IActionResult> Clusters(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "clusters")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        _api.ClustersAsync(request, client, Token(context));

    private static CancellationToken Token(FunctionContext? context) => context?.CancellationToken ?? CancellationToken.None;
}
