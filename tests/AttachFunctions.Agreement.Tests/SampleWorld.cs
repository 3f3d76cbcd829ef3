using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Policy;
using AttachFunctions.Emulator;
using AttachFunctions.Emulator.Client;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Resilience;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Agreement.Tests;

/// <summary>
/// The sample scenario on a fresh emulator, with the product's runtime wired to it and the sample policy loaded.
/// Emulator time behaviour is cut to milliseconds so tests finish fast without sleeping.
/// </summary>
internal sealed class SampleWorld : IAsyncDisposable
{
    public const string Sub1 = "11111111-1111-1111-1111-111111111111";
    public const string Sub2 = "22222222-2222-2222-2222-222222222222";
    public const string AutomationPrincipal = "55555555-0000-0000-0000-000000000001";
    public const string WsProdIdentityPrincipal = "33333333-0000-0000-0000-000000000001";
    public const string Research = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-research";
    public const string Prod = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-prod";
    public const string Registry = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.ContainerRegistry/registries/crmlshared";
    public const string Storage = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stmlshared";
    public const string Relay = $"/subscriptions/{Sub1}/resourceGroups/rg-arc-edge/providers/Microsoft.Relay/namespaces/relay-arc-edge-01";
    public const string AksResearch = $"/subscriptions/{Sub1}/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01";
    public const string AksProd = $"/subscriptions/{Sub1}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-01";
    public const string AksSandbox = $"/subscriptions/{Sub1}/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-sandbox-01";
    public const string AksPartner = $"/subscriptions/{Sub2}/resourceGroups/rg-aks-partner/providers/Microsoft.ContainerService/managedClusters/aks-partner-01";
    public const string ArcEdge1 = $"/subscriptions/{Sub1}/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-01";
    public const string ArcEdge2 = $"/subscriptions/{Sub1}/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-02";

    private SampleWorld(EmulatorHost emulator, AttachRuntime runtime, AttachPolicy policy)
    {
        Emulator = emulator;
        Runtime = runtime;
        Policy = policy;
    }

    public EmulatorHost Emulator { get; }

    public AttachRuntime Runtime { get; }

    public AttachPolicy Policy { get; set; }

    public EmulatorState State => Emulator.State;

    public RequestJournal Journal => Emulator.Journal;

    public static async Task<SampleWorld> StartAsync(string? scenarioJson = null, string? policyJson = null, ResilienceOptions? resilience = null)
    {
        var scenario = scenarioJson is null
            ? EmulatorScenario.Load(RepoPaths.Combine("samples", "scenario.json"))
            : EmulatorScenario.Parse(scenarioJson);
        var emulator = await EmulatorHost.StartAsync(scenario);
        Fast(emulator.Knobs);
        var runtime = StandInProfile.CreateRuntime(
            emulator.ArmEndpoint,
            () => emulator.CreateTrustingHandler(),
            AutomationPrincipal,
            resilience ?? FastResilience());
        var policy = PolicyLoader.LoadValid(policyJson ?? File.ReadAllText(RepoPaths.Combine("samples", "policy.json")));
        return new SampleWorld(emulator, runtime, policy);
    }

    public static void Fast(EmulatorKnobs knobs)
    {
        knobs.LroDuration = TimeSpan.FromMilliseconds(30);
        knobs.LroRetryAfter = TimeSpan.Zero;
        knobs.DetachDuration = TimeSpan.FromMilliseconds(20);
        knobs.PrincipalReplicationDelay = TimeSpan.FromMilliseconds(150);
        knobs.NamespaceTerminationDuration = TimeSpan.FromMilliseconds(100);
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            knobs.SetLatency(kind, TimeSpan.Zero);
        }
    }

    public static ResilienceOptions FastResilience() => new()
    {
        KubernetesRetryDelay = TimeSpan.FromMilliseconds(5),
        KubernetesAttemptTimeout = TimeSpan.FromSeconds(5),
        KubernetesTotalTimeout = TimeSpan.FromSeconds(20),
        PrincipalReplicationFirstDelay = TimeSpan.FromMilliseconds(10),
        PrincipalReplicationMaxDelay = TimeSpan.FromMilliseconds(50),
        PrincipalReplicationDeadline = TimeSpan.FromSeconds(10),
    };

    /// <summary>The clusters of the sample that the policy attaches once their extension is ready.</summary>
    public static readonly string[] AttachableClusters = [AksResearch, AksProd, ArcEdge1];


    /// <summary>The extension on aks-prod-01 is still installing in the sample; most tests want it done.</summary>
    public void FinishExtensionInstalls() => State.SetExtensionState(AksProd, "azureml", "Succeeded");

    /// <summary>ARM writes + deletes and Kubernetes writes in the journal.</summary>
    public int WritesInJournal() =>
        Journal.Count(e => e.Kind is OperationKind.ArmWrite or OperationKind.ArmDelete && !e.Path.EndsWith("/listClusterUserCredential", StringComparison.OrdinalIgnoreCase)) +
        Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method is "POST" or "PUT" or "PATCH" or "DELETE");

    public async ValueTask DisposeAsync()
    {
        Runtime.Dispose();
        await Emulator.DisposeAsync();
    }
}
