using k8s;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;
using AttachFunctions.Emulator;
using static AttachFunctions.Reconciler.Tests.SampleWorld;

namespace AttachFunctions.Reconciler.Tests;

public sealed class DriftRepairTests
{
    private static async Task<SampleWorld> ConvergedAsync()
    {
        var world = await StartAsync();
        world.FinishExtensionInstalls();
        foreach (var cluster in AttachableClusters)
        {
            Assert.True((await world.ReconcileAsync(cluster)).Converged);
        }

        world.Journal.Clear();
        return world;
    }

    [Fact]
    public async Task Reconcile_ComputeDeleted_AttachesItAgain()
    {
        await using var world = await ConvergedAsync();
        Assert.True(world.State.DeleteCompute(Research, "aks-research-r"));

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged);
        Assert.Contains(report.Attachments.SelectMany(a => a.Steps), s => s.Kind == StepKind.Compute && s.Outcome == StepOutcomeKind.Created);
        Assert.Equal("Succeeded", world.State.Compute(Research, "aks-research-r")!.ProvisioningState);
        Assert.True((await world.ReconcileAsync(AksResearch)).Plan.IsConverged);
    }

    [Fact]
    public async Task Reconcile_ComputeFailed_DetachesThenAttachesNeverPutsOverIt()
    {
        await using var world = await ConvergedAsync();
        world.State.SetComputeFailed(Prod, "aks-prod-01-p");

        var report = await world.ReconcileAsync(AksProd);

        Assert.True(report.Converged, string.Join("\n", report.Diagnoses));
        var step = report.Attachments.SelectMany(a => a.Steps).Single(s => s.Kind == StepKind.Compute && s.Target == "compute ws-prod/aks-prod-01-p");
        Assert.Equal(StepOutcomeKind.Replaced, step.Outcome);
        Assert.Equal("Succeeded", world.State.Compute(Prod, "aks-prod-01-p")!.ProvisioningState);
        AssertDetachedBeforeAttach(world.Journal, "aks-prod-01-p");
    }

    [Fact]
    public async Task Reconcile_ComputeOnWrongNamespace_DetachesThenAttachesOnTheRightOne()
    {
        await using var world = await ConvergedAsync();
        await OverwriteComputeNamespaceAsync(world, Research, "aks-research-r", AksResearch, "team-research");
        world.Journal.Clear();

        var plan = await world.ReconcileAsync(AksResearch, dryRun: true);
        var planned = plan.Plan.Attachments.SelectMany(a => a.Steps).Single(s => s.Target == "compute ws-research/aks-research-r");
        Assert.Equal(StepAction.Replace, planned.Action);
        Assert.Contains("points at namespace team-research, policy says research-research", planned.Reason, StringComparison.Ordinal);

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged);
        Assert.Equal("research-research", world.State.Compute(Research, "aks-research-r")!.Namespace);
        AssertDetachedBeforeAttach(world.Journal, "aks-research-r");
    }

    [Fact]
    public async Task Reconcile_GrantDeleted_GrantsItAgain()
    {
        await using var world = await ConvergedAsync();
        var principal = world.State.Compute(Research, "arc-edge-01-r")!.PrincipalId!;
        var acrPull = world.State.RoleAssignments(principal).Single(g => Guid.Parse(g.RoleDefinitionGuid) == RoleCatalog.AcrPull.DefinitionGuid);
        Assert.True(world.State.DeleteRoleAssignment(acrPull.Id));

        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged);
        var recreated = world.State.RoleAssignments(principal).Single(g => Guid.Parse(g.RoleDefinitionGuid) == RoleCatalog.AcrPull.DefinitionGuid);
        Assert.Equal(acrPull.Name, recreated.Name);
        Assert.Equal("ServicePrincipal", recreated.PrincipalType);
        Assert.Equal(1, world.Journal.Count(e => e.Method == "PUT" && e.Path.Contains("roleAssignments", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Reconcile_NamespaceDeleted_CreatesItAgain()
    {
        await using var world = await ConvergedAsync();
        Assert.True(world.State.DeleteNamespace(ArcEdge1, "ml-edge"));

        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged);
        Assert.Contains(report.Attachments.SelectMany(a => a.Steps), s => s.Kind == StepKind.Namespace && s.Outcome == StepOutcomeKind.Created);
        var ns = Assert.Single(world.State.Namespaces(ArcEdge1), n => n.Name == "ml-edge");
        Assert.Equal("Active", ns.Phase);
        Assert.Equal("attachfunctions", ns.Labels["app.kubernetes.io/managed-by"]);
    }

    [Fact]
    public async Task Reconcile_NamespaceTerminating_WaitsThenCreatesIt()
    {
        await using var world = await ConvergedAsync();
        world.Emulator.Knobs.NamespaceTerminationDuration = TimeSpan.FromMilliseconds(300);
        using (var kube = await KubernetesClients.ForArcAsync(world, "arc-edge-01"))
        {
            await kube.CoreV1.DeleteNamespaceAsync("ml-edge", cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.Equal("Terminating", world.State.Namespaces(ArcEdge1).Single(n => n.Name == "ml-edge").Phase);
        world.Journal.Clear();

        var during = await world.ReconcileAsync(ArcEdge1);

        var waiting = during.Attachments.SelectMany(a => a.Steps).First(s => s.Kind == StepKind.Namespace);
        Assert.Equal(StepOutcomeKind.Failed, waiting.Outcome);
        Assert.Equal("AF021-NamespaceTerminating", waiting.Diagnosis!.Code);
        Assert.Equal(0, world.Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method == "POST"));

        await WaitUntilAsync(() => world.State.Namespaces(ArcEdge1).All(n => n.Name != "ml-edge"));
        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged);
        Assert.Equal("Active", world.State.Namespaces(ArcEdge1).Single(n => n.Name == "ml-edge").Phase);
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

    /// <summary>Simulates a person re-attaching the compute by hand with another namespace (a PUT overwrites it).</summary>
    private static async Task OverwriteComputeNamespaceAsync(SampleWorld world, string workspace, string name, string cluster, string ns)
    {
        using var client = new HttpClient(world.Emulator.CreateTrustingHandler()) { BaseAddress = world.Emulator.ArmEndpoint };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "aud=https://management.azure.com/.default;oid=99999999-0000-0000-0000-000000000001");
        var body = "{\"location\":\"westeurope\",\"identity\":{\"type\":\"SystemAssigned\"},\"properties\":{\"computeType\":\"Kubernetes\",\"resourceId\":\"" + cluster + "\",\"properties\":{\"namespace\":\"" + ns + "\"}}}";
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PutAsync($"{workspace.TrimStart('/')}/computes/{name}?api-version=2025-12-01", content, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await WaitUntilAsync(() => world.State.Compute(workspace, name)?.ProvisioningState == "Succeeded");
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Polls emulator state that changes on the emulator's own (millisecond-scale) clock.
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "the emulator did not reach the expected state in time");
    }
}
