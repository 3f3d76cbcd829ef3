using System.Collections.Concurrent;
using System.Text.Json;
using AttachFunctions.Api.Handlers;
using AttachFunctions.Api.Http;
using AttachFunctions.Api.Options;
using AttachFunctions.Api.Runs;
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
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace AttachFunctions.Workflows.Tests;

/// <summary>
/// One test's world on the shared <see cref="ProductWorld"/>: the emulator (ARM + Kubernetes stand-in) at millisecond
/// timings, the product composed as the app composes it (its triggers' handlers resolved from those services), the real
/// in-process Durable engine running the workflows, and every log line and response body captured for the secret scan.
/// </summary>
public sealed class TestWorld : IAsyncDisposable
{
    private readonly ProductWorld _product;

    private TestWorld(ProductWorld product, CapturingLoggerProvider logs)
    {
        _product = product;
        Logs = logs;
    }

    /// <summary>Reconcile timing at test scale: millisecond polls and retries (durable timers wait in real time here).</summary>
    public static ReconcileOptions FastReconcile { get; } = new()
    {
        ExtensionDeadline = TimeSpan.FromSeconds(10),
        ExtensionFirstPoll = TimeSpan.FromMilliseconds(100),
        ExtensionMaxPoll = TimeSpan.FromMilliseconds(400),
        StepAttempts = 4,
        StepFirstRetry = TimeSpan.FromMilliseconds(50),
        StepMaxRetry = TimeSpan.FromMilliseconds(200),
        MaxGenerations = 5,
        PlanWait = TimeSpan.FromSeconds(30),
    };

    public EmulatorHost Emulator => _product.Emulator;

    public AttachRuntime Runtime => _product.Runtime;

    public AttachPolicy Policy => _product.Policy;

    public DurableTaskTestHost Host => _product.Engine;

    public DurableTaskClient Client => Host.Client;

    public CapturingLoggerProvider Logs { get; }

    public EventGridWebhookHandler Webhook => _product.Webhook;

    /// <summary>The product's services, as the host composed them.</summary>
    public IServiceProvider Services => _product.Services;

    public EventGridQueueHandler Queue => _product.Queue;

    public AttachApiHandler Api => _product.Api;

    public DriftRepairTimerHandler Timer => _product.Timer;

    /// <summary>Every response body the triggers returned, for the secret scan.</summary>
    public ConcurrentQueue<string> Responses { get; } = new();

    public static async Task<TestWorld> StartAsync(
        string? scenarioJson = null, string policyJson = TestPolicies.SamplePolicy, SecurityOptions? security = null, int batchSize = 5, TimeSpan? lroDuration = null,
        Func<Uri, string>? policyForVault = null, string? workspaceIdentityPrincipalIds = null,
        bool webhookAuthentication = true, bool platformAuthentication = false, TestWebhookIssuer? webhookIssuer = null)
    {
        var logs = new CapturingLoggerProvider();
        var product = await ProductWorld.StartAsync(new ProductWorldOptions
        {
            ScenarioJson = scenarioJson,
            PolicyJson = policyJson,
            PolicyForEmulator = policyForVault is null ? null : emulator => policyForVault(emulator.KeyVaultUri),
            Knobs = knobs => knobs.LroDuration = lroDuration ?? knobs.LroDuration,
            Reconcile = FastReconcile,
            Resilience = new ResilienceOptions
            {
                PrincipalReplicationFirstDelay = TimeSpan.FromMilliseconds(20),
                PrincipalReplicationMaxDelay = TimeSpan.FromMilliseconds(100),
                PrincipalReplicationDeadline = TimeSpan.FromSeconds(10),
                KubernetesRetryDelay = TimeSpan.FromMilliseconds(20),
            },
            Security = security ?? new SecurityOptions(),
            DriftRepair = new DriftRepairOptions { BatchSize = batchSize },
            WorkspaceIdentityPrincipalIds = workspaceIdentityPrincipalIds,
            Logs = logs,
            WebhookIssuer = webhookAuthentication ? webhookIssuer ?? TestWebhookIssuer.Default : null,
            PlatformAuthentication = platformAuthentication,
        });
        return new TestWorld(product, logs);
    }

    /// <summary>A request as the Functions host hands it to a trigger.</summary>
    public static HttpRequest Request(string method, string? body = null, string contentType = "application/json", IDictionary<string, string>? headers = null, string? query = null) =>
        TriggerHttp.Request(method, body, contentType, headers, query);

    /// <summary>The status code and body of a trigger's result (recorded for the secret scan).</summary>
    public (int Status, string Body) Read(IActionResult result)
    {
        var (status, body) = TriggerHttp.Read(result);
        Responses.Enqueue(body);
        return (status, body);
    }

    /// <summary>A delivery as Event Grid sends it: with the world's access token.</summary>
    public Task<(int Status, string Body)> PostEventsAsync(string body, string contentType = "application/json") =>
        PostEventsAsync(body, _product.DeliveryHeaders(), contentType);

    /// <summary>A POST to the webhook with exactly these headers (e.g. another token, or none).</summary>
    public async Task<(int Status, string Body)> PostEventsAsync(string body, IDictionary<string, string> headers, string contentType = "application/json")
    {
        var result = await Webhook.HandleAsync(Request("POST", body, contentType, headers), Client, CancellationToken.None);
        return Read(result);
    }

    /// <summary>Waits for a run (across its generations) to finish.</summary>
    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, int seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var done = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        if (done.SerializedCustomStatus is { } status)
        {
            Responses.Enqueue(status);
        }

        return done;
    }

    /// <summary>
    /// Reconciles one cluster the way an operator asks for it: <c>POST /api/clusters/attach</c> through the HTTP
    /// handler (a dry run is scheduled under a plan id, a real run under the cluster's reconcile id), then waits for
    /// the run and returns its report.
    /// </summary>
    public async Task<ReconcileRunReport> ReconcileAsync(string clusterId, bool dryRun = false)
    {
        var body = JsonSerializer.Serialize(new { clusterId, dryRun });
        var (status, response) = Read(await Api.AttachAsync(Request("POST", body), Client, CancellationToken.None));
        Assert.True(status == 202, $"attach answered {status}: {response}");
        using var accepted = JsonDocument.Parse(response);
        return await ReportOfAsync(accepted.RootElement.GetProperty("instanceId").GetString()!);
    }

    /// <summary>
    /// Reconciles one cluster with other timing than the app's (e.g. a short extension deadline): scheduled as
    /// <see cref="ClusterRunStarter"/> schedules it, under the cluster's reconcile id, then awaited.
    /// </summary>
    public async Task<ReconcileRunReport> ReconcileAsync(string clusterId, ReconcileSettings settings)
    {
        var cluster = ClusterId.Parse(clusterId);
        var instanceId = InstanceIds.ForReconcile(cluster);
        await Client.ScheduleNewOrchestrationInstanceAsync(
            WorkflowNames.ReconcileCluster, new ReconcileInput(cluster.Id, false, settings, "test"),
            new StartOrchestrationOptions(instanceId).WithDedupeStatuses(OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended));
        return await ReportOfAsync(instanceId);
    }

    /// <summary>Fires the drift timer's handler and returns the fleet run's report.</summary>
    public async Task<DriftRepairReport> DriftRepairAsync(int seconds = 120)
    {
        Assert.True(await Timer.HandleAsync(Client, CancellationToken.None), "the drift timer skipped its firing");
        var done = await WaitAsync(InstanceIds.DriftRepair, seconds);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"drift run ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<DriftRepairReport>()!;
    }

    /// <summary>ARM writes and deletes (without the kubeconfig read, which is a POST) and Kubernetes writes in the journal.</summary>
    public int WritesInJournal() =>
        Emulator.Journal.Count(e => e.Kind is OperationKind.ArmWrite or OperationKind.ArmDelete && !e.Path.EndsWith("/listClusterUserCredential", StringComparison.OrdinalIgnoreCase)) +
        Emulator.Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method is "POST" or "PUT" or "PATCH" or "DELETE");

    private async Task<ReconcileRunReport> ReportOfAsync(string instanceId)
    {
        var done = await WaitAsync(instanceId);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"run {instanceId} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<ReconcileRunReport>()!;
    }

    /// <summary>The instances whose id starts with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<OrchestrationMetadata>> InstancesAsync(string prefix)
    {
        var list = new List<OrchestrationMetadata>();
        await foreach (var m in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, FetchInputsAndOutputs = true }))
        {
            list.Add(m);
        }

        return list;
    }

    /// <summary>Asserts that no captured log line or response body carries a Durable key, a token or a kubeconfig.</summary>
    public void AssertNoSecretsLeaked()
    {
        string[] forbidden = ["code=", "aud=", "Bearer", "apiVersion: v1", "client-certificate", "token:", "systemKey", "sig="];
        var everything = Logs.Lines.Concat(Responses).ToArray();
        Assert.NotEmpty(everything);
        foreach (var fragment in forbidden)
        {
            var leak = everything.FirstOrDefault(l => l.Contains(fragment, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"'{fragment}' leaked: {leak}");
        }
    }

    public ValueTask DisposeAsync() => _product.DisposeAsync();
}
