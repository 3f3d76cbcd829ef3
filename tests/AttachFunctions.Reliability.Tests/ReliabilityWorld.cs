using System.Collections.Concurrent;
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
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace AttachFunctions.Reliability.Tests;

/// <summary>
/// The sample world on the emulator (millisecond timings), the product's runtime behind a fault plan, the real
/// orchestrations on the in-process Durable engine, and the Functions entry points built as the app builds them.
/// Every log line and response body is kept for the secret scans.
/// </summary>
internal sealed class ReliabilityWorld : IAsyncDisposable
{
    public const string Sub1 = "11111111-1111-1111-1111-111111111111";
    public const string Sub2 = "22222222-2222-2222-2222-222222222222";
    public const string Automation = "55555555-0000-0000-0000-000000000001";
    public const string WsResearch = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-research";
    public const string Registry = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.ContainerRegistry/registries/crmlshared";
    public const string AksResearch = $"/subscriptions/{Sub1}/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01";
    public const string AksPartner = $"/subscriptions/{Sub2}/resourceGroups/rg-aks-partner/providers/Microsoft.ContainerService/managedClusters/aks-partner-01";
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
          "match": { "kind": "aks", "tags": { "ml": "enabled" } },
          "namespaceAccess": { "strategy": "managedNamespace" },
          "attachments": [
            {
              "workspace": "{{WsResearch}}",
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

    private readonly ILoggerFactory _loggers;

    private ReliabilityWorld(EmulatorHost emulator, AttachRuntime runtime, AttachPolicy policy, DurableTaskTestHost host, FaultPlan faults, CapturedLogs logs, ILoggerFactory loggers)
    {
        Emulator = emulator;
        Runtime = runtime;
        PolicyValue = policy;
        Host = host;
        Faults = faults;
        Logs = logs;
        _loggers = loggers;
        var reconcile = MsOptions.Create(Reconcile);
        var starter = new ClusterRunStarter(reconcile, loggers.CreateLogger<ClusterRunStarter>());
        var dispatcher = new ClusterEventDispatcher(starter, loggers.CreateLogger<ClusterEventDispatcher>());
        Webhook = new EventGridWebhookHandler(
            new EventGridDeliveryParser(policy.Scope, 100), dispatcher, MsOptions.Create(new EventGridOptions()), loggers.CreateLogger<EventGridWebhookHandler>());
        Api = new AttachApiHandler(policy, starter, new EasyAuthGate(MsOptions.Create(new SecurityOptions())), new RunStatusReader(), reconcile, loggers.CreateLogger<AttachApiHandler>());
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

    public EmulatorHost Emulator { get; }

    public EmulatorState State => Emulator.State;

    public RequestJournal Journal => Emulator.Journal;

    public AttachRuntime Runtime { get; }

    public AttachPolicy PolicyValue { get; }

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public FaultPlan Faults { get; }

    public CapturedLogs Logs { get; }

    public EventGridWebhookHandler Webhook { get; }

    public AttachApiHandler Api { get; }

    public ConcurrentQueue<string> Responses { get; } = new();

    public static async Task<ReliabilityWorld> StartAsync(
        string policyJson = Policy, Action<EmulatorKnobs>? knobs = null, string? scenarioJson = null, Action<Infrastructure.Arm.ArmConnectionOptions>? configureArm = null)
    {
        var scenario = scenarioJson is null ? EmulatorScenario.Load(RepoPaths.Combine("samples", "scenario.json")) : EmulatorScenario.Parse(scenarioJson);
        var emulator = await EmulatorHost.StartAsync(scenario);
        emulator.Knobs.LroDuration = TimeSpan.FromMilliseconds(30);
        emulator.Knobs.LroRetryAfter = TimeSpan.Zero;
        emulator.Knobs.DetachDuration = TimeSpan.FromMilliseconds(20);
        emulator.Knobs.PrincipalReplicationDelay = TimeSpan.FromMilliseconds(60);
        emulator.Knobs.NamespaceTerminationDuration = TimeSpan.FromMilliseconds(30);
        emulator.Knobs.Throttling = emulator.Knobs.Throttling with { Enabled = false };
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            emulator.Knobs.SetLatency(kind, TimeSpan.Zero);
        }

        knobs?.Invoke(emulator.Knobs);
        var logs = new CapturedLogs();
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var faults = new FaultPlan();
        var resilience = new ResilienceOptions
        {
            PrincipalReplicationFirstDelay = TimeSpan.FromMilliseconds(10),
            PrincipalReplicationMaxDelay = TimeSpan.FromMilliseconds(50),
            PrincipalReplicationDeadline = TimeSpan.FromSeconds(10),
            KubernetesRetryDelay = TimeSpan.FromMilliseconds(10),
        };
        var runtime = StandInProfile.CreateRuntime(
            emulator.ArmEndpoint, () => new FaultyResponses(emulator.CreateTrustingHandler(), faults), Automation, resilience, loggers: loggers, configureArm: configureArm);
        var policy = PolicyLoader.LoadValid(policyJson);
        var host = await PortClash.RetryAsync(() => DurableTaskTestHost.StartAsync(
            registry => Workflows.WorkflowRegistration.Register(registry),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = loggers,
                ConfigureServices = services =>
                {
                    services.AddSingleton(policy);
                    services.AddSingleton(runtime);
                    foreach (var activity in Workflows.WorkflowRegistration.ActivityTypes)
                    {
                        services.AddSingleton(activity);
                    }
                },
            }));
        return new ReliabilityWorld(emulator, runtime, policy, host, faults, logs, loggers);
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

    public async Task<(int Status, string Body)> PostEventsAsync(string body, string contentType = "application/json") =>
        Read(await Webhook.HandleAsync(Request("POST", body, contentType), Client, CancellationToken.None));

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

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Runtime.Dispose();
        await Emulator.DisposeAsync();
        _loggers.Dispose();
    }
}
