using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

public sealed class FirstReconcileTests
{
    [Fact]
    public async Task Reconcile_SampleScenario_EveryDesiredNamespaceComputeAndGrantExists()
    {
        await using var world = await StartAsync();
        FinishExtensionInstalls(world);

        foreach (var cluster in AttachableClusters)
        {
            var report = await world.ReconcileAsync(cluster);
            Assert.True(report.Converged, report.Describe());
            Assert.Equal(RunResults.Converged, report.Result);
        }

        var state = world.Emulator.State;

        // Namespaces: created with our labels and the policy's.
        var research = state.Namespaces(AksResearch).ToDictionary(n => n.Name);
        Assert.Equal("attachfunctions", research["research-research"].Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("aks-research-r", research["research-research"].Labels["attachfunctions.io/compute"]);
        Assert.Equal("cc-1001", research["research-research"].Labels["cost-center"]);
        Assert.Equal("research-platform@contoso.com", research["research-research"].Annotations["contoso.com/owner"]);
        Assert.Equal("prod", research["prod-research"].Labels["environment"]);
        Assert.Contains(state.Namespaces(AksProd), n => n.Name == "research-prod" && n.Phase == "Active");
        var edge = Assert.Single(state.Namespaces(ArcEdge1), n => n.Name == "ml-edge");
        Assert.Equal("true", edge.Labels["attachfunctions.io/shared"]);

        // Computes: Succeeded, on the right cluster and namespace, with the right identity.
        var computes = new[]
        {
            (Research, "aks-research-r", AksResearch, "research-research", "SystemAssigned"),
            (Prod, "aks-research-p", AksResearch, "prod-research", "UserAssigned"),
            (Research, "aks-prod-01-r", AksProd, "research-prod", "SystemAssigned"),
            (Prod, "aks-prod-01-p", AksProd, "prod-prod", "UserAssigned"),
            (Research, "arc-edge-01-r", ArcEdge1, "ml-edge", "SystemAssigned"),
            (Prod, "arc-edge-01-p", ArcEdge1, "ml-edge", "SystemAssigned"),
        };
        foreach (var (ws, name, cluster, ns, identity) in computes)
        {
            var compute = state.Compute(ws, name);
            Assert.NotNull(compute);
            Assert.Equal("Succeeded", compute.ProvisioningState);
            Assert.Equal(cluster, compute.ResourceId, ignoreCase: true);
            Assert.Equal(ns, compute.Namespace);
            Assert.Equal(identity, compute.IdentityType);
        }

        // Compute grants: every one ServicePrincipal.
        var systemPrincipal = state.Compute(Research, "aks-research-r")!.PrincipalId!;
        var grants = state.RoleAssignments(systemPrincipal);
        Assert.Contains(grants, g => g.Scope.Equals(Registry, StringComparison.OrdinalIgnoreCase) && Guid.Parse(g.RoleDefinitionGuid) == RoleCatalog.AcrPull.DefinitionGuid);
        Assert.Contains(grants, g => g.Scope.Equals(Storage, StringComparison.OrdinalIgnoreCase) && Guid.Parse(g.RoleDefinitionGuid) == RoleCatalog.StorageBlobDataReader.DefinitionGuid);
        Assert.All(state.RoleAssignments(), g => Assert.Equal("ServicePrincipal", g.PrincipalType));

        var uaiGrants = state.RoleAssignments(WsProdIdentityPrincipal);
        Assert.Contains(uaiGrants, g => g.Scope.Equals(Storage, StringComparison.OrdinalIgnoreCase) && Guid.Parse(g.RoleDefinitionGuid) == RoleCatalog.StorageBlobDataContributor.DefinitionGuid);

        // Prerequisites of the user-assigned workspace identity on each cluster, and Relay Owner on Arc.
        foreach (var cluster in AttachableClusters)
        {
            foreach (var role in new[] { RoleCatalog.Reader, RoleCatalog.KubernetesExtensionContributor, RoleCatalog.AksClusterAdmin })
            {
                Assert.Contains(uaiGrants, g => g.Scope.Equals(cluster, StringComparison.OrdinalIgnoreCase) && Guid.Parse(g.RoleDefinitionGuid) == role.DefinitionGuid);
            }
        }

        Assert.Contains(uaiGrants, g => g.Scope.Equals(Relay, StringComparison.OrdinalIgnoreCase) && Guid.Parse(g.RoleDefinitionGuid) == RoleCatalog.AzureRelayOwner.DefinitionGuid);
        world.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task Reconcile_ConvergedCluster_WritesNothing()
    {
        await using var world = await ConvergedAsync();

        foreach (var cluster in AttachableClusters)
        {
            var again = await world.ReconcileAsync(cluster);
            Assert.True(again.Converged, again.Describe());
            Assert.NotNull(again.Plan);
            Assert.True(again.Plan.IsConverged, string.Join("\n", again.Plan.Attachments.SelectMany(a => a.Steps).Where(s => s.Action != StepAction.None).Select(s => s.Reason)));
            Assert.Equal(0, again.Writes);
            Assert.All(again.Steps(), s => Assert.Equal(StepOutcomeKind.Unchanged, s.Outcome));
        }

        Assert.Equal(0, world.WritesInJournal());
        Assert.True(world.Emulator.Journal.Reads > 0);
    }

    [Fact]
    public async Task Reconcile_DryRun_PlansEverythingAndWritesNothing()
    {
        await using var world = await StartAsync();
        FinishExtensionInstalls(world);

        var report = await world.ReconcileAsync(AksResearch, dryRun: true);

        Assert.Equal(RunResults.Planned, report.Result);
        Assert.True(report.DryRun);
        Assert.Equal(0, world.WritesInJournal());
        Assert.NotNull(report.Plan);
        var steps = report.Plan.Attachments.SelectMany(a => a.Steps).ToList();
        Assert.Contains(steps, s => s.Kind == StepKind.Namespace && s.Action == StepAction.Create && s.Reason.Contains("research-research missing", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Kind == StepKind.Compute && s.Action == StepAction.Create && s.Target == "compute ws-research/aks-research-r");
        Assert.Contains(steps, s => s.Kind == StepKind.PrerequisiteGrant && s.Action == StepAction.Create && s.Reason.Contains("Kubernetes Extension Contributor", StringComparison.Ordinal));
        Assert.Empty(report.Attachments);
        Assert.DoesNotContain(world.Emulator.State.Namespaces(AksResearch), n => n.Name == "research-research");
    }
}
