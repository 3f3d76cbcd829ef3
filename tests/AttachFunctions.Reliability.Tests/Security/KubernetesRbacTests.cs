using System.Text.Json;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Emulator;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests.Security;

/// <summary>
/// The Kubernetes API of an Entra-integrated AKS cluster authorizes each principal (Azure RBAC for Kubernetes or
/// Kubernetes RBAC): a grant that is still propagating is waited for, a missing one ends in a diagnosis naming the role.
/// </summary>
public sealed class KubernetesRbacTests
{
    /// <summary>The Reliability world's AKS policy, reaching namespaces through the Kubernetes API with the app's Entra token.</summary>
    private static readonly string KubernetesApiPolicy = ReliabilityWorld.Policy.Replace("\"managedNamespace\"", "\"kubernetesApi\"", StringComparison.Ordinal);

    [Fact]
    public async Task KubernetesRbac_GrantStillPropagating_IsRetriedUntilItApplies_AndTheNamespaceIsCreated()
    {
        await using var world = await ReliabilityWorld.StartAsync(KubernetesApiPolicy, knobs: k => k.KubernetesGrantPropagationDelay = TimeSpan.Zero);
        world.State.RevokeKubernetes(AksResearch, AutomationPrincipal);

        // The grant arrives while the run is being refused (as after an operator's fix): the run must keep retrying the
        // 403 until the grant applies. Waiting for the first 403 keeps this independent of how fast the machine is.
        var (status, body) = await world.PostAttachAsync($"{{\"clusterId\":\"{AksResearch}\"}}");
        Assert.True(status == 202, body);
        await WaitForAsync(() => world.Journal.Entries.Any(e => e.Kind == OperationKind.Kubernetes && e.Status == 403));
        world.State.GrantKubernetes(AksResearch, AutomationPrincipal);
        using var doc = JsonDocument.Parse(body);
        var report = await world.WaitAsync(doc.RootElement.GetProperty("instanceId").GetString()!);

        Assert.True(report.Converged, string.Join("; ", report.Diagnoses()));
        Assert.Contains(world.Journal.Entries, e => e.Kind == OperationKind.Kubernetes && e.Status == 403);
        Assert.Contains(world.State.Namespaces(AksResearch), n => n.Name == ReliabilityWorld.Namespace && n.Phase == "Active");
    }

    [Fact]
    public async Task KubernetesRbac_NeverGranted_FailsAfterThePropagationDeadline_NamingTheRoleToGrant_AndNothingIsWritten()
    {
        await using var world = await ReliabilityWorld.StartAsync(KubernetesApiPolicy);
        world.State.RevokeKubernetes(AksResearch, AutomationPrincipal);

        var report = await AttachAsync(world, AksResearch);

        Assert.False(report.Converged);
        var diagnosis = Assert.Single(report.Diagnoses().DistinctBy(d => d.Code), d => d.Code == DiagnosisCodes.KubernetesPermissionMissing);
        Assert.Contains(AutomationPrincipal, diagnosis.Message, StringComparison.Ordinal);
        Assert.Contains("aks-research-01", diagnosis.Message, StringComparison.Ordinal);
        Assert.Contains("Azure Kubernetes Service RBAC Cluster Admin", diagnosis.Fix, StringComparison.Ordinal);
        Assert.True(world.Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Status == 403) > 1, "the 403 was not retried");
        Assert.Equal(0, world.Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method is "POST" or "PATCH" && e.Status < 300));
        Assert.DoesNotContain(world.State.Namespaces(AksResearch), n => n.Name == ReliabilityWorld.Namespace);
        Assert.Null(world.State.Compute(Research, ReliabilityWorld.ComputeName));
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds, checking every few milliseconds.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        var timeout = TimeSpan.FromSeconds(30);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < timeout, "the run was never refused by the cluster's RBAC");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<ReconcileRunReport> AttachAsync(ReliabilityWorld world, string clusterId)
    {
        var (status, body) = await world.PostAttachAsync($"{{\"clusterId\":\"{clusterId}\"}}");
        Assert.True(status == 202, body);
        using var doc = JsonDocument.Parse(body);
        return await world.WaitAsync(doc.RootElement.GetProperty("instanceId").GetString()!);
    }
}
