using System.Text.Json.Nodes;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;
using AttachFunctions.Emulator;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Security;

/// <summary>
/// Cluster-level roles (Reader, Kubernetes Extension Contributor, AKS Cluster Admin on the cluster) go only to the
/// workspace's primary user-assigned identity, and only when the deployment allows its principal
/// (<c>Security__WorkspaceIdentityPrincipalIds</c>) and the policy does not narrow it away. Each attack is played end
/// to end on the emulator (ws-prod, user-assigned, attached to aks-research-01 by the sample policy) and asserts:
/// refused with the diagnosis that names the problem, and no role assignment at the cluster.
/// </summary>
public sealed class WorkspaceIdentityPinningTests
{
    private const string AttackerPrincipal = "66666666-0000-0000-0000-000000000001";
    private const string OtherPrincipal = "77777777-0000-0000-0000-000000000001";
    private const string ProdKey = "ws-prod/aks-research-p";
    private const string ProdCompute = "aks-research-p";

    /// <summary>An identity whose id sorts before id-ws-prod: the old "first by key" choice would have picked it.</summary>
    private static string AddAttackerIdentity(EmulatorState state) =>
        state.AddUserAssignedIdentity(Sub1, "rg-ml", "id-aaa-contributor", AttackerPrincipal, "66666666-0000-0000-0000-0000000000c1");

    [Fact]
    public async Task Reconcile_ContributorAddsASecondIdentityThatSortsFirst_OnlyThePrimaryGetsClusterRoles()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        state.AddWorkspaceIdentity(Prod, AddAttackerIdentity(state));

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        Assert.Empty(state.RoleAssignments(AttackerPrincipal));
        foreach (var role in new[] { RoleCatalog.Reader, RoleCatalog.KubernetesExtensionContributor, RoleCatalog.AksClusterAdmin })
        {
            Assert.True(WorldAssert.HasAssignment(world, WsProdIdentityPrincipal, role.DefinitionGuid, AksResearch), $"{role.DisplayName} missing for the primary identity");
        }

        Assert.NotNull(state.Compute(Prod, ProdCompute));
    }

    [Fact]
    public async Task Reconcile_ContributorMakesAnUnlistedIdentityPrimary_IsRefusedWithAF044_AndNothingIsGrantedAtTheCluster()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        var attacker = AddAttackerIdentity(state);
        state.AddWorkspaceIdentity(Prod, attacker, makePrimary: true);

        var report = await world.ReconcileAsync(AksResearch);

        var refused = AssertRefused(report, DiagnosisCodes.WorkspaceIdentityNotAllowed);
        Assert.Contains(attacker, refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(AttackerPrincipal, refused.Message, StringComparison.Ordinal);
        Assert.Contains("workspaceIdentityPrincipalIds", refused.Fix, StringComparison.Ordinal);
        Assert.Contains(WorkspaceIdentityAllowList.SettingName, refused.Fix, StringComparison.Ordinal);
        AssertNothingAtTheCluster(world);
        Assert.Null(state.Compute(Prod, ProdCompute));

        // The system-assigned workspace is outside the pinning and still attached.
        Assert.NotNull(state.Compute(Research, "aks-research-r"));
    }

    [Fact]
    public async Task Reconcile_PrimaryIdentityNotInTheSetting_IsRefusedWithAF044_AndNothingIsGrantedAtTheCluster()
    {
        await using var world = await TestWorld.StartAsync(policyJson: PolicyJson, workspaceIdentityPrincipalIds: OtherPrincipal);

        var report = await world.ReconcileAsync(AksResearch);

        var refused = AssertRefused(report, DiagnosisCodes.WorkspaceIdentityNotAllowed);
        Assert.Contains(WsProdIdentityPrincipal, refused.Message, StringComparison.Ordinal);
        AssertNothingAtTheCluster(world);
        Assert.Null(world.Emulator.State.Compute(Prod, ProdCompute));
    }

    [Fact]
    public async Task Reconcile_PolicyNarrowsToAnotherPrincipal_RefusesThePrimaryWithAF047_AndNothingIsGranted()
    {
        await using var world = await TestWorld.StartAsync(
            policyJson: PolicyNarrowingProdTo(OtherPrincipal), workspaceIdentityPrincipalIds: $"{WsProdIdentityPrincipal};{OtherPrincipal}");

        var report = await world.ReconcileAsync(AksResearch);

        var refused = AssertRefused(report, DiagnosisCodes.WorkspaceIdentityNotInPolicy);
        Assert.Contains(WsProdIdentityPrincipal, refused.Message, StringComparison.Ordinal);
        AssertNothingAtTheCluster(world);
        Assert.Null(world.Emulator.State.Compute(Prod, ProdCompute));
    }

    [Fact]
    public async Task Reconcile_PolicyListsAPrincipalTheSettingDoesNot_RefusesToWidenWithAF046_AndNothingIsGranted()
    {
        await using var world = await TestWorld.StartAsync(
            policyJson: PolicyNarrowingProdTo(WsProdIdentityPrincipal), workspaceIdentityPrincipalIds: OtherPrincipal);

        var report = await world.ReconcileAsync(AksResearch);

        var refused = AssertRefused(report, DiagnosisCodes.WorkspaceIdentityWidenedByPolicy);
        Assert.Contains("never widen", refused.Message, StringComparison.Ordinal);
        Assert.Contains(WorkspaceIdentityAllowList.SettingName, refused.Message, StringComparison.Ordinal);
        AssertNothingAtTheCluster(world);
    }

    [Fact]
    public async Task Reconcile_WorkspaceReportsNoPrimaryIdentity_IsRefusedWithAF045_AndNothingIsGrantedAtTheCluster()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        state.AddWorkspaceIdentity(Prod, AddAttackerIdentity(state));
        state.SetWorkspacePrimaryIdentity(Prod, null);

        var report = await world.ReconcileAsync(AksResearch);

        var refused = AssertRefused(report, DiagnosisCodes.WorkspacePrimaryIdentityMissing);
        Assert.Contains("primaryUserAssignedIdentity", refused.Message, StringComparison.Ordinal);
        AssertNothingAtTheCluster(world);
        Assert.Empty(state.RoleAssignments(AttackerPrincipal));
        Assert.Null(state.Compute(Prod, ProdCompute));
    }

    [Fact]
    public async Task DryRun_PrimaryIdentityNotAllowed_PlansTheSameRefusal_AndWritesNothing()
    {
        await using var world = await TestWorld.StartAsync(policyJson: PolicyJson, workspaceIdentityPrincipalIds: "");
        world.Emulator.Journal.Clear();

        var report = await world.ReconcileAsync(AksResearch, dryRun: true);

        var prod = Assert.Single(report.Plan!.Attachments, a => a.Key == ProdKey);
        var step = Assert.Single(prod.Steps, s => s.Kind == StepKind.PrerequisiteGrant);
        Assert.Equal(StepAction.Blocked, step.Action);
        Assert.Equal(DiagnosisCodes.WorkspaceIdentityNotAllowed, step.Diagnosis!.Code);
        Assert.Equal(0, world.WritesInJournal());
    }

    /// <summary>The ws-prod attachment failed at the identity choice with <paramref name="code"/>, before any write (not even its namespace).</summary>
    private static Diagnosis AssertRefused(ReconcileRunReport report, string code)
    {
        Assert.NotEqual(RunResults.Converged, report.Result);
        var prod = Assert.Single(report.Attachments, a => a.Key == ProdKey);
        var failed = Assert.Single(prod.Steps, s => s.Outcome == StepOutcomeKind.Failed);
        Assert.Equal(StepKind.PrerequisiteGrant, failed.Kind);
        Assert.Equal(StepTargets.WorkspaceIdentity(Core.Desired.WorkspaceRef.Parse(Prod)), failed.Target);
        Assert.Equal(code, failed.Diagnosis!.Code);
        Assert.DoesNotContain(prod.Steps, s => s.Kind is StepKind.Compute or StepKind.ComputeGrant);
        Assert.DoesNotContain(prod.Steps, s => s.Kind == StepKind.Namespace && s.Outcome != StepOutcomeKind.Unchanged);
        return failed.Diagnosis;
    }

    /// <summary>No role assignment of any principal exists at (or below) the cluster.</summary>
    private static void AssertNothingAtTheCluster(TestWorld world) =>
        Assert.DoesNotContain(world.Emulator.State.RoleAssignments(), r => r.Scope.StartsWith(AksResearch, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sample policy with every ws-prod attachment narrowed to <paramref name="principal"/>.</summary>
    private static string PolicyNarrowingProdTo(string principal)
    {
        var policy = JsonNode.Parse(PolicyJson)!.AsObject();
        foreach (var attachment in policy["rules"]!.AsArray().SelectMany(r => r!["attachments"]!.AsArray()))
        {
            if (string.Equals((string?)attachment!["workspace"], Prod, StringComparison.OrdinalIgnoreCase))
            {
                attachment["workspaceIdentityPrincipalIds"] = new JsonArray(principal);
            }
        }

        return policy.ToJsonString();
    }
}
