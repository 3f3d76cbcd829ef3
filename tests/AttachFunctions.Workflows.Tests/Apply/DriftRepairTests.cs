using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;
using AttachFunctions.Emulator;
using k8s;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>Drift of one converged cluster, repaired by its next reconcile run (the orchestrations).</summary>
public sealed class DriftRepairTests
{
    [Fact]
    public async Task Reconcile_ComputeDeleted_AttachesItAgain()
    {
        await using var world = await ConvergedAsync();
        Assert.True(world.Emulator.State.DeleteCompute(Research, "aks-research-r"));

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        Assert.Contains(report.Steps(), s => s.Kind == StepKind.Compute && s.Outcome == StepOutcomeKind.Created);
        Assert.Equal("Succeeded", world.Emulator.State.Compute(Research, "aks-research-r")!.ProvisioningState);
        Assert.True((await world.ReconcileAsync(AksResearch)).Plan!.IsConverged);
    }

    [Fact]
    public async Task Reconcile_ComputeFailed_DetachesThenAttachesNeverPutsOverIt()
    {
        await using var world = await ConvergedAsync();
        world.Emulator.State.SetComputeFailed(Prod, "aks-prod-01-p");

        var report = await world.ReconcileAsync(AksProd);

        Assert.True(report.Converged, report.Describe());
        var step = report.Steps().Single(s => s.Kind == StepKind.Compute && s.Target == "compute ws-prod/aks-prod-01-p");
        Assert.Equal(StepOutcomeKind.Replaced, step.Outcome);
        Assert.Equal("Succeeded", world.Emulator.State.Compute(Prod, "aks-prod-01-p")!.ProvisioningState);
        AssertDetachedBeforeAttach(world.Emulator.Journal, "aks-prod-01-p");
    }

    [Fact]
    public async Task Reconcile_ComputeOnWrongNamespace_DetachesThenAttachesOnTheRightOne()
    {
        await using var world = await ConvergedAsync();
        await OverwriteComputeNamespaceAsync(world, Research, "aks-research-r", AksResearch, "team-research");
        world.Emulator.Journal.Clear();

        var plan = await world.ReconcileAsync(AksResearch, dryRun: true);
        var planned = plan.Plan!.Attachments.SelectMany(a => a.Steps).Single(s => s.Target == "compute ws-research/aks-research-r");
        Assert.Equal(StepAction.Replace, planned.Action);
        Assert.Contains("points at namespace team-research, policy says research-research", planned.Reason, StringComparison.Ordinal);

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        Assert.Equal("research-research", world.Emulator.State.Compute(Research, "aks-research-r")!.Namespace);
        AssertDetachedBeforeAttach(world.Emulator.Journal, "aks-research-r");
    }

    [Fact]
    public async Task Reconcile_GrantDeleted_GrantsItAgain()
    {
        await using var world = await ConvergedAsync();
        var state = world.Emulator.State;
        var principal = state.Compute(Research, "arc-edge-01-r")!.PrincipalId!;
        var acrPull = state.RoleAssignments(principal).Single(g => Guid.Parse(g.RoleDefinitionGuid) == RoleCatalog.AcrPull.DefinitionGuid);
        Assert.True(state.DeleteRoleAssignment(acrPull.Id));

        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged, report.Describe());
        var recreated = state.RoleAssignments(principal).Single(g => Guid.Parse(g.RoleDefinitionGuid) == RoleCatalog.AcrPull.DefinitionGuid);
        Assert.Equal(acrPull.Name, recreated.Name);
        Assert.Equal("ServicePrincipal", recreated.PrincipalType);
        Assert.Equal(1, world.Emulator.Journal.Count(e => e.Method == "PUT" && e.Path.Contains("roleAssignments", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(1, world.WritesInJournal());
    }

    [Fact]
    public async Task Reconcile_NamespaceDeleted_CreatesItAgain()
    {
        await using var world = await ConvergedAsync();
        Assert.True(world.Emulator.State.DeleteNamespace(ArcEdge1, "ml-edge"));

        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged, report.Describe());
        Assert.Contains(report.Steps(), s => s.Kind == StepKind.Namespace && s.Outcome == StepOutcomeKind.Created);
        var ns = Assert.Single(world.Emulator.State.Namespaces(ArcEdge1), n => n.Name == "ml-edge");
        Assert.Equal("Active", ns.Phase);
        Assert.Equal("attachfunctions", ns.Labels["app.kubernetes.io/managed-by"]);
    }

    [Fact]
    public async Task Reconcile_NamespaceTerminatingWithinTheStepRetries_WaitsThenCreatesIt()
    {
        await using var world = await ConvergedAsync();
        // Shorter than the durable step retries of the world (50 + 100 + 200 ms between 4 attempts).
        world.Emulator.Knobs.NamespaceTerminationDuration = TimeSpan.FromMilliseconds(120);
        await DeleteThroughKubernetesAsync(world);
        world.Emulator.Journal.Clear();

        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged, report.Describe());
        Assert.Equal("Active", Assert.Single(world.Emulator.State.Namespaces(ArcEdge1), n => n.Name == "ml-edge").Phase);
        Assert.Contains(report.Steps(), s => s.Kind == StepKind.Namespace && s.Outcome == StepOutcomeKind.Created);
        // Both attachments share ml-edge and retry on the same durable schedule, so both may find it gone at the same
        // moment and send a create (the loser's 409 is judged as ours): at most one create per attachment. That no create
        // is sent while it is Terminating is shown by the test below (0 creates during a long termination).
        Assert.InRange(world.Emulator.Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method == "POST"), 1, 2);
    }

    [Fact]
    public async Task Reconcile_NamespaceTerminatingLongerThanTheStepRetries_FailsWithDiagnosisThenCreatesItOnceGone()
    {
        await using var world = await ConvergedAsync();
        world.Emulator.Knobs.NamespaceTerminationDuration = TimeSpan.FromMinutes(10);
        await DeleteThroughKubernetesAsync(world);
        world.Emulator.Journal.Clear();

        var during = await world.ReconcileAsync(ArcEdge1);

        Assert.False(during.Converged);
        var waiting = during.Steps().Where(s => s.Kind == StepKind.Namespace).ToArray();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, s => Assert.Equal(DiagnosisCodes.NamespaceTerminating, s.Diagnosis?.Code));
        Assert.Equal(0, world.Emulator.Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method == "POST"));
        Assert.Equal("Terminating", world.Emulator.State.Namespaces(ArcEdge1).Single(n => n.Name == "ml-edge").Phase);

        // The deletion completes; the next run creates the namespace.
        Assert.True(world.Emulator.State.DeleteNamespace(ArcEdge1, "ml-edge"));
        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged, report.Describe());
        Assert.Equal("Active", world.Emulator.State.Namespaces(ArcEdge1).Single(n => n.Name == "ml-edge").Phase);
    }

    internal static void AssertDetachedBeforeAttach(RequestJournal journal, string computeName)
    {
        var calls = journal.Entries
            .Where(e => e.Path.EndsWith("/computes/" + computeName, StringComparison.OrdinalIgnoreCase) && e.Method is "PUT" or "DELETE")
            .ToList();
        Assert.True(calls.Count >= 2, $"expected a detach and an attach of {computeName}, saw {calls.Count} writes");
        Assert.Equal("DELETE", calls[0].Method);
        Assert.Contains("underlyingResourceAction=Detach", calls[0].Query, StringComparison.Ordinal);
        Assert.Equal("PUT", calls[1].Method);
        Assert.Equal(2, calls.Count);
    }

    private static async Task DeleteThroughKubernetesAsync(TestWorld world)
    {
        using (var kube = await KubernetesClients.ForArcAsync(world, "arc-edge-01"))
        {
            await kube.CoreV1.DeleteNamespaceAsync("ml-edge", cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.Equal("Terminating", world.Emulator.State.Namespaces(ArcEdge1).Single(n => n.Name == "ml-edge").Phase);
    }

    /// <summary>
    /// Simulates a person re-attaching the compute by hand with another namespace: detach, then attach (a PUT over the
    /// existing compute would change nothing, as in Azure). Both complete at once (no LRO wait), so nothing has to poll.
    /// </summary>
    private static async Task OverwriteComputeNamespaceAsync(TestWorld world, string workspace, string name, string cluster, string ns)
    {
        var lro = world.Emulator.Knobs.LroDuration;
        var detach = world.Emulator.Knobs.DetachDuration;
        world.Emulator.Knobs.LroDuration = TimeSpan.Zero;
        world.Emulator.Knobs.DetachDuration = TimeSpan.Zero;
        try
        {
            using var client = new HttpClient(world.Emulator.CreateTrustingHandler()) { BaseAddress = world.Emulator.ArmEndpoint };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "aud=https://management.azure.com/.default;oid=99999999-0000-0000-0000-000000000001");
            using (var detached = await client.DeleteAsync($"{workspace.TrimStart('/')}/computes/{name}?api-version=2025-12-01&underlyingResourceAction=Detach", TestContext.Current.CancellationToken))
            {
                Assert.True(detached.IsSuccessStatusCode, await detached.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            }

            var body = "{\"location\":\"westeurope\",\"identity\":{\"type\":\"SystemAssigned\"},\"properties\":{\"computeType\":\"Kubernetes\",\"resourceId\":\"" + cluster + "\",\"properties\":{\"namespace\":\"" + ns + "\"}}}";
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await client.PutAsync($"{workspace.TrimStart('/')}/computes/{name}?api-version=2025-12-01", content, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            world.Emulator.Knobs.LroDuration = lro;
            world.Emulator.Knobs.DetachDuration = detach;
        }

        Assert.Equal("Succeeded", world.Emulator.State.Compute(workspace, name)?.ProvisioningState);
        Assert.Equal(ns, world.Emulator.State.Compute(workspace, name)?.Namespace);
    }
}
