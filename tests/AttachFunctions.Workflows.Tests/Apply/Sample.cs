using AttachFunctions.Core.Planning;
using AttachFunctions.TestSupport;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>
/// The emulator's sample world (samples/scenario.json) under the sample policy (samples/policy.json): its ids, and a
/// <see cref="TestWorld"/> started on it. The constants are copied from the Reconciler tests' SampleWorld, which stays
/// there for its own tests.
/// </summary>
internal static class Sample
{
    public const string Sub1 = "11111111-1111-1111-1111-111111111111";
    public const string Sub2 = "22222222-2222-2222-2222-222222222222";
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

    /// <summary>The clusters of the sample that the policy attaches once their extension is ready.</summary>
    public static readonly string[] AttachableClusters = [AksResearch, AksProd, ArcEdge1];

    /// <summary>The sample policy as shipped.</summary>
    public static string PolicyJson => File.ReadAllText(RepoPaths.Combine("samples", "policy.json"));

    /// <summary>The sample scenario and policy on a fresh world (emulator at millisecond timings, in-process engine).</summary>
    public static Task<TestWorld> StartAsync(string? policyJson = null) => TestWorld.StartAsync(policyJson: policyJson ?? PolicyJson);

    /// <summary>The extension on aks-prod-01 is still installing in the sample (20 s); most tests want it done.</summary>
    public static void FinishExtensionInstalls(TestWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        world.Emulator.State.SetExtensionState(AksProd, "azureml", "Succeeded");
    }

    /// <summary>A world in which every attachable cluster has been reconciled once (converged), with an empty journal.</summary>
    public static async Task<TestWorld> ConvergedAsync()
    {
        var world = await StartAsync();
        FinishExtensionInstalls(world);
        foreach (var cluster in AttachableClusters)
        {
            var report = await world.ReconcileAsync(cluster);
            Assert.True(report.Converged, report.Describe());
        }

        world.Emulator.Journal.Clear();
        return world;
    }

    /// <summary>Every step outcome of a run, attachments then cleanup.</summary>
    public static IEnumerable<StepOutcome> Steps(this ReconcileRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Attachments.SelectMany(a => a.Steps).Concat(report.Cleanup);
    }

    /// <summary>The run's result, blockers and failed steps with their diagnoses, for assertion messages.</summary>
    public static string Describe(this ReconcileRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var failed = report.Steps().Where(s => s.Outcome == StepOutcomeKind.Failed).Select(s => $"{s.Target}: {s.Diagnosis?.Code} {s.Diagnosis?.Message}");
        var blockers = report.Blockers.Select(b => $"blocked: {b.Code} {b.Message}");
        return string.Join("\n", new[] { "result " + report.Result }.Concat(blockers).Concat(failed));
    }
}
