using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Roles;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>
/// Each Arc cluster's Azure ML extension has its own Relay namespace, and several Arc clusters share a resource group:
/// the workspace identity needs Azure Relay Owner on the Relay of THAT cluster's extension, never on some other Relay
/// of the group.
/// </summary>
public sealed class ArcRelayPerClusterTests
{
    [Fact]
    public async Task TwoArcClustersInOneResourceGroup_EachIsGrantedOnItsOwnRelay_AndBothAttach()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        state.SetExtensionState(ArcEdge2, "ml-extension", "Succeeded");
        var relay1 = state.RelayNamespaceOf(ArcEdge1)!;
        var relay2 = state.RelayNamespaceOf(ArcEdge2)!;
        Assert.NotEqual(relay1, relay2, StringComparer.OrdinalIgnoreCase);

        var first = await world.ReconcileAsync(ArcEdge1);
        var second = await world.ReconcileAsync(ArcEdge2);

        Assert.True(first.Converged, first.Describe());
        Assert.True(second.Converged, second.Describe());
        Assert.Equal(RunResults.Converged, second.Result);
        Assert.Equal("Succeeded", state.Compute(Prod, "arc-edge-01-p")?.ProvisioningState);
        Assert.Equal("Succeeded", state.Compute(Prod, "arc-edge-02-p")?.ProvisioningState);
        var relayOwner = state.RoleAssignments(WsProdIdentityPrincipal)
            .Where(g => Guid.Parse(g.RoleDefinitionGuid) == RoleCatalog.AzureRelayOwner.DefinitionGuid)
            .Select(g => g.Scope.ToLowerInvariant())
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(new[] { relay1.ToLowerInvariant(), relay2.ToLowerInvariant() }.Order(StringComparer.Ordinal), relayOwner);
    }

    [Fact]
    public async Task ArcCluster_WhoseExtensionRelayIsGone_IsDiagnosedRelayMissing_AndNoRelayOwnerIsGrantedElsewhere()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        state.SetExtensionState(ArcEdge2, "ml-extension", "Succeeded");
        Assert.True(state.DeleteRelayNamespace(state.RelayNamespaceOf(ArcEdge1)!));

        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.Contains(report.Diagnoses(), d => d.Code == DiagnosisCodes.RelayNamespaceMissing);
        Assert.DoesNotContain(state.RoleAssignments(WsProdIdentityPrincipal), g => Guid.Parse(g.RoleDefinitionGuid) == RoleCatalog.AzureRelayOwner.DefinitionGuid);
        Assert.Null(state.Compute(Prod, "arc-edge-01-p"));
    }
}
