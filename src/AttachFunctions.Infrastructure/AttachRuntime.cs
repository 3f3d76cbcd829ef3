using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;
using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Kubernetes;
using AttachFunctions.Infrastructure.Reconciliation;
using AttachFunctions.Infrastructure.Resilience;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Registry;

namespace AttachFunctions.Infrastructure;

/// <summary>
/// The product's runtime services: one ARM pipeline, the gateways, the resilience pipelines, the ensure-steps (which
/// only the durable activities call) and the planner, wired once. Hosts register it with
/// <see cref="AttachRuntimeRegistration.AddAttachRuntime"/>; tests may build it against the emulator.
/// </summary>
public sealed class AttachRuntime : IDisposable
{
    public AttachRuntime(
        TokenCredential credential,
        ArmConnectionOptions arm,
        KubernetesAccessOptions kubernetes,
        ResilienceOptions resilience,
        WorkspaceIdentityAllowList workspaceIdentities,
        TimeProvider? time = null,
        ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(workspaceIdentities);
        WorkspaceIdentities = workspaceIdentities;
        Time = time ?? TimeProvider.System;
        var logs = loggers ?? NullLoggerFactory.Instance;
        Http = new ArmHttp(credential, arm, Time);
        Arm = new ArmGateway(Http);
        Pipelines = AttachResiliencePipelines.CreateRegistry(resilience, Time);
        Namespaces = new NamespaceGatewayFactory(Arm, credential, Pipelines, kubernetes, Time, logs.CreateLogger<NamespaceGatewayFactory>());
        Steps = new EnsureSteps(Arm, Namespaces, Pipelines, workspaceIdentities, logs.CreateLogger<EnsureSteps>());
        Observer = new ClusterObserver(Arm, Namespaces);
        Planner = new ClusterPlanner(Observer, workspaceIdentities);
        SharedObservations = new ObservationCache(Arm, Time, SharedObservationTtl);
    }

    /// <summary>How long a workspace, compute list or role assignment list read by one plan serves the next plans.</summary>
    public static readonly TimeSpan SharedObservationTtl = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The read cache shared by the plan activities of all durable runs in this process, so a drift run over C clusters
    /// and W workspaces reads each workspace once per TTL rather than once per cluster (reads grow with C + W).
    /// </summary>
    public ObservationCache SharedObservations { get; }

    /// <summary>The workspace identities the deployment allows to receive cluster-level roles (plan and apply read the same list).</summary>
    public WorkspaceIdentityAllowList WorkspaceIdentities { get; }

    public TimeProvider Time { get; }

    public ArmHttp Http { get; }

    public IArmGateway Arm { get; }

    public ResiliencePipelineRegistry<string> Pipelines { get; }

    public NamespaceGatewayFactory Namespaces { get; }

    public EnsureSteps Steps { get; }

    public ClusterObserver Observer { get; }

    public ClusterPlanner Planner { get; }

    public void Dispose()
    {
        Namespaces.Dispose();
        Pipelines.Dispose();
        Http.Dispose();
    }
}
