using System.Globalization;
using System.Text.Json.Nodes;
using AttachFunctions.Api.Handlers;
using AttachFunctions.Api.Options;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Roles;
using AttachFunctions.Emulator;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Resilience;
using AttachFunctions.Testing;
using AttachFunctions.Workflows.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Bench;

/// <summary>What a benchmark world looks like: its size, the emulator's stated latencies and its token buckets.</summary>
internal sealed record WorldSpec
{
    public int Clusters { get; init; } = 1;

    public int Workspaces { get; init; } = 3;

    public double ArmReadMs { get; init; }

    public double ArmWriteMs { get; init; }

    public double KubernetesMs { get; init; }

    public TimeSpan Lro { get; init; } = TimeSpan.FromMilliseconds(30);

    public TimeSpan Replication { get; init; } = TimeSpan.Zero;

    /// <summary>Null: the emulator's token buckets are off.</summary>
    public double? ThrottleScale { get; init; }

    public int PageSize { get; init; } = 100;

    /// <summary>Computes and their AcrPull grants exist at start (namespaces are left to a setup pass of the product).</summary>
    public bool Preattached { get; init; }

    /// <summary>Multiplier applied to the product's own write limiter (150 burst, 8/s per subscription by default).</summary>
    public double LimiterScale { get; init; } = 1;

    public ResilienceOptions Resilience { get; init; } = new()
    {
        KubernetesRetryDelay = TimeSpan.FromMilliseconds(50),
        PrincipalReplicationFirstDelay = TimeSpan.FromMilliseconds(100),
        PrincipalReplicationMaxDelay = TimeSpan.FromSeconds(1),
        PrincipalReplicationDeadline = TimeSpan.FromSeconds(60),
    };
}

/// <summary>
/// One benchmark's world on the shared <see cref="ProductWorld"/>: the emulator (the local ARM + Kubernetes stand-in)
/// seeded with C AKS clusters and W workspaces, the product composed as the app composes it and pointed at it, and the
/// real orchestrations on the in-process Durable engine.
/// </summary>
internal sealed class BenchWorld : IAsyncDisposable
{
    public const string Sub = SampleIds.Sub1;
    public const string Automation = SampleIds.AutomationPrincipal;
    public const string Registry = $"/subscriptions/{Sub}/resourceGroups/rg-ml/providers/Microsoft.ContainerRegistry/registries/crbench";
    public const string Namespace = "ml-bench";

    private readonly ProductWorld _product;

    private BenchWorld(WorldSpec spec, ProductWorld product)
    {
        Spec = spec;
        _product = product;
    }

    public WorldSpec Spec { get; }

    public EmulatorHost Emulator => _product.Emulator;

    public AttachRuntime Runtime => _product.Runtime;

    public AttachPolicy Policy => _product.Policy;

    public DurableTaskTestHost Engine => _product.Engine;

    /// <summary>The Functions app's webhook, resolved from the product's services, over this world's engine.</summary>
    public EventGridWebhookHandler Webhook => _product.Webhook;

    /// <summary>Retry timing of the runs (durable timers wait in real time in the in-process engine).</summary>
    public static ReconcileSettings Settings { get; } = new()
    {
        ExtensionDeadline = TimeSpan.FromSeconds(5),
        ExtensionFirstPoll = TimeSpan.FromMilliseconds(200),
        ExtensionMaxPoll = TimeSpan.FromSeconds(1),
        StepAttempts = 5,
        StepFirstRetry = TimeSpan.FromMilliseconds(200),
        StepMaxRetry = TimeSpan.FromSeconds(2),
        MaxGenerations = 3,
    };

    public static string ClusterName(int i) => "aks" + i.ToString("D4", CultureInfo.InvariantCulture);

    public static string ClusterId(int i) =>
        $"/subscriptions/{Sub}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/managedClusters/{ClusterName(i)}";

    public static string ComputePrincipal(int cluster, int workspace) =>
        $"66666666-{workspace:D4}-0000-0000-{cluster:D12}";

    public static string WorkspaceName(int w) => "ws" + w.ToString("D2", CultureInfo.InvariantCulture);

    public static string WorkspaceId(int w) =>
        $"/subscriptions/{Sub}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/{WorkspaceName(w)}";

    /// <summary>Starts a world; <paramref name="logs"/> receives the product's and the engine's logs (none when null).</summary>
    public static async Task<BenchWorld> StartAsync(WorldSpec spec, bool withEngine = true, ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(spec);

        // The engine's gRPC sidecar logs every request to the console unless told not to (configuration is its only switch).
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "None");
        var product = await ProductWorld.StartAsync(new ProductWorldOptions
        {
            ScenarioJson = ScenarioJson(spec),
            PolicyJson = PolicyJson(spec.Workspaces),
            AutomationPrincipal = Automation,
            Throttling = spec.ThrottleScale is not null,
            Knobs = knobs =>
            {
                knobs.LroDuration = spec.Lro;
                knobs.PrincipalReplicationDelay = spec.Replication;
                knobs.NamespaceTerminationDuration = TimeSpan.FromMilliseconds(50);
                knobs.SetLatency(OperationKind.ArmRead, TimeSpan.FromMilliseconds(spec.ArmReadMs));
                knobs.SetLatency(OperationKind.ArmWrite, TimeSpan.FromMilliseconds(spec.ArmWriteMs));
                knobs.SetLatency(OperationKind.ArmDelete, TimeSpan.FromMilliseconds(spec.ArmWriteMs));
                knobs.SetLatency(OperationKind.Kubernetes, TimeSpan.FromMilliseconds(spec.KubernetesMs));
                if (spec.ThrottleScale is { } scale)
                {
                    knobs.Throttling = knobs.Throttling with { Enabled = true, Scale = scale };
                }
            },
            Reconcile = new ReconcileOptions
            {
                ExtensionDeadline = Settings.ExtensionDeadline,
                ExtensionFirstPoll = Settings.ExtensionFirstPoll,
                ExtensionMaxPoll = Settings.ExtensionMaxPoll,
                StepAttempts = Settings.StepAttempts,
                StepFirstRetry = Settings.StepFirstRetry,
                StepMaxRetry = Settings.StepMaxRetry,
                MaxGenerations = Settings.MaxGenerations,
            },
            Resilience = spec.Resilience,
            Arm = arm =>
            {
                arm.WriteBurstPerSubscription = (int)Math.Round(arm.WriteBurstPerSubscription * spec.LimiterScale);
                arm.WritesPerSecondPerSubscription *= spec.LimiterScale;
                if (spec.ThrottleScale is not null)
                {
                    // Under the emulator's buckets the product's read limiter runs at its production defaults, scaled alike.
                    var defaults = new Infrastructure.Arm.ArmConnectionOptions();
                    arm.ReadBurstPerSubscription = (int)Math.Round(defaults.ReadBurstPerSubscription * spec.LimiterScale);
                    arm.ReadsPerSecondPerSubscription = defaults.ReadsPerSecondPerSubscription * spec.LimiterScale;
                }
            },
            Logs = logs,
            WithEngine = withEngine,
        });
        return new BenchWorld(spec, product);
    }

    /// <summary>An Event Grid delivery (a JSON array) of cluster write events, one per id.</summary>
    public static string ClusterWriteDelivery(IEnumerable<(string ClusterId, string EventId)> events)
    {
        var array = new JsonArray();
        foreach (var (clusterId, eventId) in events)
        {
            array.Add(new JsonObject
            {
                ["id"] = eventId,
                ["topic"] = "/subscriptions/" + Sub,
                ["subject"] = clusterId,
                ["eventType"] = "Microsoft.Resources.ResourceWriteSuccess",
                ["eventTime"] = "2026-11-28T10:00:00Z",
                ["dataVersion"] = "2",
                ["metadataVersion"] = "1",
                ["data"] = new JsonObject
                {
                    ["resourceProvider"] = "Microsoft.ContainerService",
                    ["resourceUri"] = clusterId,
                    ["operationName"] = "Microsoft.ContainerService/managedClusters/write",
                    ["status"] = "Succeeded",
                    ["subscriptionId"] = Sub,
                    ["tenantId"] = "aaaaaaaa-0000-0000-0000-000000000001",
                },
            });
        }

        return array.ToJsonString();
    }

    /// <summary>A POST as the Functions host hands it to the webhook, with Event Grid's access token (the world's default issuer).</summary>
    public static HttpRequest Post(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("attach.example.net");
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/json";
        context.Request.Headers.Authorization = TestWebhookIssuer.Default.AuthorizationHeader();
        return context.Request;
    }

    /// <summary>ARM writes (PUT/PATCH/POST, without the kubeconfig read that is a POST), ARM deletes, Kubernetes writes.</summary>
    public (int ArmReads, int ArmWrites, int ArmDeletes, int KubeReads, int KubeWrites, int Throttled) Count()
    {
        var entries = Emulator.Journal.Entries;
        var credential = entries.Count(e => e.Kind == OperationKind.ArmWrite && e.Path.EndsWith("/listClusterUserCredential", StringComparison.OrdinalIgnoreCase));
        return (
            entries.Count(e => e.Kind == OperationKind.ArmRead) + credential,
            entries.Count(e => e.Kind == OperationKind.ArmWrite) - credential,
            entries.Count(e => e.Kind == OperationKind.ArmDelete),
            entries.Count(e => e.Kind == OperationKind.Kubernetes && e.Method is "GET"),
            entries.Count(e => e.Kind == OperationKind.Kubernetes && e.Method is "POST" or "PUT" or "PATCH" or "DELETE"),
            entries.Count(e => e.Status == 429));
    }

    public ValueTask DisposeAsync() => _product.DisposeAsync();

    private static string ScenarioJson(WorldSpec spec)
    {
        var policy = PolicyLoader.LoadValid(PolicyJson(spec.Workspaces));
        var clusters = new JsonArray();
        for (var i = 0; i < spec.Clusters; i++)
        {
            var namespaces = new JsonArray();
            if (spec.Preattached)
            {
                // The namespace exactly as the product would have created it (labels and annotations from the policy).
                var info = new ClusterInfo(Core.Clusters.ClusterId.Parse(ClusterId(i)), "westeurope", new Dictionary<string, string> { ["ml"] = "enabled" });
                var ns = DesiredStateBuilder.Build(policy, info).Attachments[0].Namespace;
                namespaces.Add(new JsonObject
                {
                    ["name"] = ns.Name,
                    ["labels"] = new JsonObject(ns.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
                    ["annotations"] = new JsonObject(ns.Annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))),
                });
            }

            clusters.Add(new JsonObject
            {
                ["namespaces"] = namespaces,
                ["kind"] = "aks",
                ["subscriptionId"] = Sub,
                ["resourceGroup"] = "rg-fleet",
                ["name"] = ClusterName(i),
                ["tags"] = new JsonObject { ["ml"] = "enabled" },
                ["extensions"] = new JsonArray(new JsonObject { ["name"] = "azureml", ["provisioningState"] = "Succeeded" }),
            });
        }

        var workspaces = new JsonArray();
        var assignments = new JsonArray();
        for (var w = 0; w < spec.Workspaces; w++)
        {
            var computes = new JsonArray();
            for (var i = 0; spec.Preattached && i < spec.Clusters; i++)
            {
                var principal = ComputePrincipal(i, w);
                computes.Add(new JsonObject
                {
                    ["name"] = ClusterName(i) + "-" + WorkspaceName(w),
                    ["resourceId"] = ClusterId(i),
                    ["namespace"] = Namespace,
                    ["identityType"] = "SystemAssigned",
                    ["principalId"] = principal,
                });
                assignments.Add(new JsonObject
                {
                    ["scope"] = Registry,
                    ["roleDefinitionId"] = RoleCatalog.AcrPull.DefinitionGuid.ToString("D"),
                    ["principalId"] = principal,
                });
            }

            workspaces.Add(new JsonObject
            {
                ["subscriptionId"] = Sub,
                ["resourceGroup"] = "rg-ml",
                ["name"] = WorkspaceName(w),
                ["identityType"] = "SystemAssigned",
                ["principalId"] = $"44444444-0000-0000-0000-{w:D12}",
                ["computes"] = computes,
            });
        }

        return new JsonObject
        {
            ["tenantId"] = "aaaaaaaa-0000-0000-0000-000000000001",
            ["subscriptions"] = new JsonArray(new JsonObject
            {
                ["id"] = Sub,
                ["resourceGroups"] = new JsonArray(new JsonObject { ["name"] = "rg-ml" }, new JsonObject { ["name"] = "rg-fleet" }),
            }),
            ["clusters"] = clusters,
            ["workspaces"] = workspaces,
            ["roleAssignments"] = assignments,
            ["registries"] = new JsonArray(new JsonObject { ["subscriptionId"] = Sub, ["resourceGroup"] = "rg-ml", ["name"] = "crbench" }),
            ["principals"] = new JsonArray(new JsonObject { ["id"] = Automation, ["displayName"] = "attach-automation", ["type"] = "ServicePrincipal" }),
            ["knobs"] = new JsonObject { ["pageSize"] = spec.PageSize, ["principalReplicationSeconds"] = 0 },
        }.ToJsonString();
    }

    /// <summary>One rule: every tagged AKS cluster is attached to each workspace, in one shared namespace, with AcrPull for the compute identity.</summary>
    public static string PolicyJson(int workspaces)
    {
        var attachments = new JsonArray();
        for (var w = 0; w < workspaces; w++)
        {
            attachments.Add(new JsonObject
            {
                ["workspace"] = WorkspaceId(w),
                ["computeName"] = "{cluster}-{workspace}",
                ["namespace"] = new JsonObject { ["name"] = Namespace, ["shared"] = true },
                ["grants"] = new JsonArray(new JsonObject { ["role"] = "AcrPull", ["scope"] = Registry }),
            });
        }

        return new JsonObject
        {
            ["version"] = 1,
            ["scope"] = new JsonObject { ["subscriptions"] = new JsonArray(Sub) },
            ["rules"] = new JsonArray(new JsonObject
            {
                ["name"] = "fleet",
                ["match"] = new JsonObject { ["kind"] = "aks", ["resourceGroups"] = new JsonArray("rg-fleet"), ["tags"] = new JsonObject { ["ml"] = "enabled" } },
                ["namespaceAccess"] = new JsonObject { ["strategy"] = "kubernetesApi" },
                ["attachments"] = attachments,
            }),
        }.ToJsonString();
    }
}
