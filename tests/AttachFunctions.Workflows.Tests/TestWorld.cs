using System.Collections.Concurrent;
using System.Text.Json;
using AttachFunctions.Api;
using AttachFunctions.Api.EventGrid;
using AttachFunctions.Api.Handlers;
using AttachFunctions.Api.Http;
using AttachFunctions.Api.Options;
using AttachFunctions.Api.Runs;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Policy;
using AttachFunctions.Emulator;
using AttachFunctions.Emulator.Client;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Resilience;
using AttachFunctions.TestSupport;
using AttachFunctions.Workflows.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace AttachFunctions.Workflows.Tests;

/// <summary>
/// One test's world: the emulator (ARM + Kubernetes stand-in) at millisecond timings, the real in-process Durable
/// engine running the workflows, and the Functions triggers built the way the app builds them, with every log line and
/// response body captured for the secret scan.
/// </summary>
public sealed class TestWorld : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;

    private TestWorld(EmulatorHost emulator, AttachRuntime runtime, AttachPolicy policy, DurableTaskTestHost host, CapturingLoggerProvider logs, ILoggerFactory loggers, SecurityOptions security, int batchSize)
    {
        Emulator = emulator;
        Runtime = runtime;
        Policy = policy;
        Host = host;
        Logs = logs;
        _loggers = loggers;
        var reconcile = MsOptions.Create(FastReconcile);
        var starter = new ClusterRunStarter(reconcile, loggers.CreateLogger<ClusterRunStarter>());
        var dispatcher = new ClusterEventDispatcher(starter, loggers.CreateLogger<ClusterEventDispatcher>());
        var parser = new EventGridDeliveryParser(policy.Scope, 100);
        Webhook = new EventGridWebhookHandler(parser, dispatcher, MsOptions.Create(new EventGridOptions()), loggers.CreateLogger<EventGridWebhookHandler>());
        Queue = new EventGridQueueHandler(parser, dispatcher, loggers.CreateLogger<EventGridQueueHandler>());
        Api = new AttachApiHandler(policy, starter, new EasyAuthGate(MsOptions.Create(security)), new RunStatusReader(), reconcile, loggers.CreateLogger<AttachApiHandler>());
        Timer = new DriftRepairTimerHandler(
            MsOptions.Create(new DriftRepairOptions { BatchSize = batchSize }), reconcile, loggers.CreateLogger<DriftRepairTimerHandler>());
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

    public EmulatorHost Emulator { get; }

    public AttachRuntime Runtime { get; }

    public AttachPolicy Policy { get; }

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public CapturingLoggerProvider Logs { get; }

    public EventGridWebhookHandler Webhook { get; }

    public EventGridQueueHandler Queue { get; }

    public AttachApiHandler Api { get; }

    public DriftRepairTimerHandler Timer { get; }

    /// <summary>Every response body the triggers returned, for the secret scan.</summary>
    public ConcurrentQueue<string> Responses { get; } = new();

    public static async Task<TestWorld> StartAsync(
        string? scenarioJson = null, string policyJson = TestPolicies.SamplePolicy, SecurityOptions? security = null, int batchSize = 5, TimeSpan? lroDuration = null,
        Func<Uri, string>? policyForVault = null)
    {
        var scenario = scenarioJson is null
            ? EmulatorScenario.Load(RepoPaths.Combine("samples", "scenario.json"))
            : EmulatorScenario.Parse(scenarioJson);
        var emulator = await EmulatorHost.StartAsync(scenario);
        emulator.Knobs.LroDuration = lroDuration ?? TimeSpan.FromMilliseconds(30);
        emulator.Knobs.LroRetryAfter = TimeSpan.Zero;
        emulator.Knobs.DetachDuration = TimeSpan.FromMilliseconds(20);
        emulator.Knobs.PrincipalReplicationDelay = TimeSpan.FromMilliseconds(60);
        emulator.Knobs.NamespaceTerminationDuration = TimeSpan.FromMilliseconds(30);
        emulator.Knobs.Throttling = emulator.Knobs.Throttling with { Enabled = false };
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            emulator.Knobs.SetLatency(kind, TimeSpan.Zero);
        }

        var logs = new CapturingLoggerProvider();
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var resilience = new ResilienceOptions
        {
            PrincipalReplicationFirstDelay = TimeSpan.FromMilliseconds(20),
            PrincipalReplicationMaxDelay = TimeSpan.FromMilliseconds(100),
            PrincipalReplicationDeadline = TimeSpan.FromSeconds(10),
            KubernetesRetryDelay = TimeSpan.FromMilliseconds(20),
        };
        var runtime = StandInProfile.CreateRuntime(emulator.ArmEndpoint, () => emulator.CreateTrustingHandler(), TestPolicies.Automation, resilience, loggers: loggers);
        var policy = PolicyLoader.LoadValid(policyForVault?.Invoke(emulator.KeyVaultUri) ?? policyJson);
        var host = await PortClash.RetryAsync(() => DurableTaskTestHost.StartAsync(
            registry => WorkflowRegistration.Register(registry),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = loggers,
                ConfigureServices = services =>
                {
                    services.AddSingleton(policy);
                    services.AddSingleton(runtime);
                    foreach (var activity in WorkflowRegistration.ActivityTypes)
                    {
                        services.AddSingleton(activity);
                    }
                },
            }));
        return new TestWorld(emulator, runtime, policy, host, logs, loggers, security ?? new SecurityOptions(), batchSize);
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

    public async Task<(int Status, string Body)> PostEventsAsync(string body, string contentType = "application/json")
    {
        var result = await Webhook.HandleAsync(Request("POST", body, contentType), Client, CancellationToken.None);
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

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Runtime.Dispose();
        await Emulator.DisposeAsync();
        _loggers.Dispose();
    }
}
