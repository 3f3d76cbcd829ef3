using System.Collections.Concurrent;
using AttachFunctions.Api.Handlers;
using AttachFunctions.Api.Http;
using AttachFunctions.Api.Options;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Policy;
using AttachFunctions.Emulator;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Resilience;
using AttachFunctions.Testing;
using AttachFunctions.TestSupport;
using AttachFunctions.Workflows.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests;

/// <summary>
/// The sample world on the shared <see cref="ProductWorld"/>: the emulator at millisecond timings, the product composed as
/// the app composes it with a fault plan between it and the emulator, the real orchestrations on the in-process Durable
/// engine, and the Functions entry points resolved from the product's services.
/// Every log line and response body is kept for the secret scans.
/// </summary>
internal sealed class ReliabilityWorld : IAsyncDisposable
{
    public const string Namespace = "team-a";
    public const string ComputeName = "aks-resea-a";

    /// <summary>Every tagged AKS cluster of subscription 1 gets one attachment to ws-research, with AcrPull.</summary>
    public const string Policy = $$"""
    {
      "version": 1,
      "scope": { "subscriptions": ["{{Sub1}}"] },
      "rules": [
        {
          "name": "aks-ml",
          "match": { "kind": "aks", "resourceGroups": ["rg-aks-research", "rg-aks-prod"], "tags": { "ml": "enabled" } },
          "namespaceAccess": { "strategy": "managedNamespace" },
          "attachments": [
            {
              "workspace": "{{Research}}",
              "computeName": "{cluster:9}-a",
              "namespace": { "name": "{{Namespace}}", "labels": { "team": "a" } },
              "identity": { "type": "SystemAssigned" },
              "grants": [ { "role": "AcrPull", "scope": "{{Registry}}" } ]
            }
          ]
        }
      ]
    }
    """;

    private readonly ProductWorld _product;

    private ReliabilityWorld(ProductWorld product, FaultPlan faults, CapturedLogs logs)
    {
        _product = product;
        Faults = faults;
        Logs = logs;
    }

    /// <summary>Durable retries in milliseconds (durable timers wait in real time in the in-process engine).</summary>
    public static ReconcileOptions Reconcile { get; } = new()
    {
        ExtensionDeadline = TimeSpan.FromSeconds(5),
        ExtensionFirstPoll = TimeSpan.FromMilliseconds(50),
        ExtensionMaxPoll = TimeSpan.FromMilliseconds(200),
        StepAttempts = 4,
        StepFirstRetry = TimeSpan.FromMilliseconds(30),
        StepMaxRetry = TimeSpan.FromMilliseconds(150),
        MaxGenerations = 3,
        PlanWait = TimeSpan.FromSeconds(20),
    };

    public EmulatorHost Emulator => _product.Emulator;

    public EmulatorState State => Emulator.State;

    public RequestJournal Journal => Emulator.Journal;

    public AttachRuntime Runtime => _product.Runtime;

    public AttachPolicy PolicyValue => _product.Policy;

    public DurableTaskTestHost Host => _product.Engine;

    public DurableTaskClient Client => Host.Client;

    public FaultPlan Faults { get; }

    public CapturedLogs Logs { get; }

    public EventGridWebhookHandler Webhook => _product.Webhook;

    public AttachApiHandler Api => _product.Api;

    public ConcurrentQueue<string> Responses { get; } = new();

    public static async Task<ReliabilityWorld> StartAsync(
        string policyJson = Policy, Action<EmulatorKnobs>? knobs = null, string? scenarioJson = null, Action<Infrastructure.Arm.ArmConnectionOptions>? configureArm = null)
    {
        var logs = new CapturedLogs();
        var faults = new FaultPlan();
        var product = await ProductWorld.StartAsync(new ProductWorldOptions
        {
            ScenarioJson = scenarioJson,
            PolicyJson = policyJson,
            Knobs = knobs,
            Reconcile = Reconcile,
            Resilience = new ResilienceOptions
            {
                PrincipalReplicationFirstDelay = TimeSpan.FromMilliseconds(10),
                PrincipalReplicationMaxDelay = TimeSpan.FromMilliseconds(50),
                PrincipalReplicationDeadline = TimeSpan.FromSeconds(10),
                KubernetesRetryDelay = TimeSpan.FromMilliseconds(10),
                KubernetesPermissionRetryFirstDelay = TimeSpan.FromMilliseconds(10),
                KubernetesPermissionRetryMaxDelay = TimeSpan.FromMilliseconds(50),
                KubernetesPermissionPropagationDeadline = TimeSpan.FromSeconds(2),
            },
            Security = new SecurityOptions(),
            Arm = configureArm,
            WrapHandler = emulator => new FaultyResponses(emulator, faults),
            Logs = logs,
        });
        return new ReliabilityWorld(product, faults, logs);
    }

    /// <summary>ARM writes and deletes (the kubeconfig POST is a read) and Kubernetes writes in the journal.</summary>
    public int Writes() =>
        Journal.Count(e => e.Kind is OperationKind.ArmWrite or OperationKind.ArmDelete && !e.Path.EndsWith("/listClusterUserCredential", StringComparison.OrdinalIgnoreCase)) +
        Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method is "POST" or "PUT" or "PATCH" or "DELETE");

    public static HttpRequest Request(string method, string? body = null, string contentType = "application/json", string? query = null) =>
        TriggerHttp.Request(method, body, contentType, query: query);

    public (int Status, string Body) Read(IActionResult result)
    {
        var (status, body) = TriggerHttp.Read(result);
        Responses.Enqueue(body);
        return (status, body);
    }

    /// <summary>A delivery as Event Grid sends it: with the world's access token.</summary>
    public async Task<(int Status, string Body)> PostEventsAsync(string body, string contentType = "application/json") =>
        Read(await Webhook.HandleAsync(TriggerHttp.Request("POST", body, contentType, _product.DeliveryHeaders()), Client, CancellationToken.None));

    public async Task<(int Status, string Body)> PostAttachAsync(string body, string contentType = "application/json") =>
        Read(await Api.AttachAsync(Request("POST", body, contentType), Client, CancellationToken.None));

    public async Task<(int Status, string Body)> GetPlanAsync(string query) =>
        Read(await Api.PlanAsync(Request("GET", query: query), Client, CancellationToken.None));

    /// <summary>Starts the cluster's reconcile run through the webhook and waits for it (across generations).</summary>
    public async Task<ReconcileRunReport> ReconcileViaEventAsync(string clusterId, int seconds = 60)
    {
        var (status, body) = await PostEventsAsync(Deliveries.ClusterWrite(clusterId));
        Assert.True(status == 200, body);
        return await WaitAsync(Workflows.InstanceIds.ForReconcile(ClusterId.Parse(clusterId)), seconds);
    }

    public async Task<ReconcileRunReport> WaitAsync(string instanceId, int seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var done = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        if (done.SerializedCustomStatus is { } custom)
        {
            Responses.Enqueue(custom);
        }

        Responses.Enqueue(done.SerializedOutput ?? "");
        return done.ReadOutputAs<ReconcileRunReport>()!;
    }

    public async Task<int> InstanceCountAsync()
    {
        var count = 0;
        await foreach (var _ in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "" }))
        {
            count++;
        }

        return count;
    }

    public ValueTask DisposeAsync() => _product.DisposeAsync();
}
