using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;
using AttachFunctions.Emulator;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Security;

/// <summary>
/// A workspace whose identity is "SystemAssigned,UserAssigned" (both kinds at once, several user-assigned identities,
/// properties.primaryUserAssignedIdentity; common-types v3 ManagedServiceIdentity): the identity decision treats it as a
/// user-assigned workspace, so the cluster-level roles go to the primary identity only, never to the system principal
/// or another identity, and an unlisted primary is refused with nothing granted.
/// </summary>
public sealed class SystemAndUserAssignedWorkspaceTests
{
    private const string SystemPrincipal = "88888888-0000-0000-0000-000000000001";
    private const string OtherPrincipal = "66666666-0000-0000-0000-000000000002";

    [Fact]
    public async Task Reconcile_WorkspaceWithSystemAndSeveralUserAssignedIdentities_OnlyThePrimaryGetsClusterRoles()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        state.EnableWorkspaceSystemIdentity(Prod, SystemPrincipal);
        state.AddWorkspaceIdentity(Prod, state.AddUserAssignedIdentity(Sub1, "rg-ml", "id-aaa-other", OtherPrincipal, "66666666-0000-0000-0000-0000000000c2"));

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        foreach (var role in new[] { RoleCatalog.Reader, RoleCatalog.KubernetesExtensionContributor, RoleCatalog.AksClusterAdmin })
        {
            Assert.True(WorldAssert.HasAssignment(world, WsProdIdentityPrincipal, role.DefinitionGuid, AksResearch), $"{role.DisplayName} missing for the primary identity");
        }

        Assert.Empty(state.RoleAssignments(SystemPrincipal));
        Assert.Empty(state.RoleAssignments(OtherPrincipal));
        Assert.Equal("Succeeded", state.Compute(Prod, "aks-research-p")!.ProvisioningState);
    }

    [Fact]
    public async Task Reconcile_SystemAndUserAssignedWorkspaceWithAnUnlistedPrimary_IsRefusedWithAF044_AndNothingIsGrantedAtTheCluster()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        state.EnableWorkspaceSystemIdentity(Prod, SystemPrincipal);
        var other = state.AddUserAssignedIdentity(Sub1, "rg-ml", "id-aaa-other", OtherPrincipal, "66666666-0000-0000-0000-0000000000c2");
        state.AddWorkspaceIdentity(Prod, other, makePrimary: true);

        var report = await world.ReconcileAsync(AksResearch);

        Assert.NotEqual(Workflows.Model.RunResults.Converged, report.Result);
        var prod = Assert.Single(report.Attachments, a => a.Key == "ws-prod/aks-research-p");
        var failed = Assert.Single(prod.Steps, s => s.Outcome == StepOutcomeKind.Failed);
        Assert.Equal(StepKind.PrerequisiteGrant, failed.Kind);
        Assert.Equal(DiagnosisCodes.WorkspaceIdentityNotAllowed, failed.Diagnosis!.Code);
        Assert.Contains(OtherPrincipal, failed.Diagnosis.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(state.RoleAssignments(), r => r.Scope.StartsWith(AksResearch, StringComparison.OrdinalIgnoreCase));
        Assert.Null(state.Compute(Prod, "aks-research-p"));
    }
}
