using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;
using static AttachFunctions.Agreement.Tests.Decisions.Agreement;
using static AttachFunctions.Agreement.Tests.SampleWorld;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Agreement.Tests.Decisions;

/// <summary>Plan and the grant ensure-steps agree on prerequisite grants (ws-prod's user-assigned identity) and compute grants.</summary>
public sealed class RoleGrantAgreementTests
{
    public static TheoryData<string, string, string, StepAction, string?> PrerequisiteRows => new()
    {
        { "aks, Reader granted in the scenario", AksProd, nameof(RoleCatalog.Reader), StepAction.None, null },
        { "arc, Kubernetes Extension Contributor missing", ArcEdge1, nameof(RoleCatalog.KubernetesExtensionContributor), StepAction.Create, null },
        { "aks, Kubernetes Extension Contributor granted in the scenario", AksProd, nameof(RoleCatalog.KubernetesExtensionContributor), StepAction.None, null },
        { "arc, Relay namespace present", ArcEdge1, nameof(RoleCatalog.AzureRelayOwner), StepAction.Create, null },
        { "arc, no Relay namespace", ArcEdge1, nameof(RoleCatalog.AzureRelayOwner), StepAction.Blocked, DiagnosisCodes.RelayNamespaceMissing },
    };

    [Theory]
    [MemberData(nameof(PrerequisiteRows))]
    public async Task PlanAndEnsure_PrerequisiteGrant_Agree(string row, string clusterId, string role, StepAction expected, string? code)
    {
        var scenario = row == "arc, no Relay namespace" ? Scenario(s => s.Remove("relayNamespaces")) : null;
        await using var world = await StartAsync(scenario);
        world.FinishExtensionInstalls();
        var plan = await PlanAsync(world, clusterId);
        var a = Attachment(plan, "ws-prod");
        // The Relay of the cluster's own ML extension; the scenario without Relay namespaces has lost it.
        var relay = row == "arc, no Relay namespace" ? null : world.State.RelayNamespaceOf(a.Cluster.Id);
        var prerequisite = a.WorkspacePrerequisites.Single(p => p.Role.Name == role || p.Role == Role(role));
        var target = StepTargets.Prerequisite(prerequisite.Role, prerequisite.ScopeKind == PrerequisiteScope.Cluster ? prerequisite.Scope : relay);

        var planned = Step(plan, a, StepKind.PrerequisiteGrant, target);
        var outcomes = await Activities.PrerequisitesAsync(world, a);
        var ensured = Classify(outcomes.Single(o => o.Target == target));

        Agree(planned, ensured, expected, code);
    }

    public static TheoryData<string, StepAction> ComputeGrantRows => new()
    {
        { "missing", StepAction.Create },
        { "present", StepAction.None },
    };

    [Theory]
    [MemberData(nameof(ComputeGrantRows))]
    public async Task PlanAndEnsure_ComputeGrant_Agree(string row, StepAction expected)
    {
        await using var world = await StartAsync();
        var a = Attachment(await PlanAsync(world, AksResearch), "ws-research");
        var compute = await Activities.ComputeAsync(world, a);
        if (row == "present")
        {
            await Activities.ComputeGrantsAsync(world, a, compute.PrincipalId);
        }

        var plan = await PlanAsync(world, AksResearch);
        var again = await Activities.ComputeAsync(world, a);
        Assert.Equal(StepOutcomeKind.Unchanged, again.Outcome.Outcome);
        var outcomes = await Activities.ComputeGrantsAsync(world, a, again.PrincipalId);

        foreach (var grant in a.ComputeGrants)
        {
            var target = StepTargets.ComputeGrant(grant);
            Agree(Step(plan, a, StepKind.ComputeGrant, target), Classify(outcomes.Single(o => o.Target == target)), expected, null);
        }
    }

    private static BuiltInRole Role(string name) => name switch
    {
        nameof(RoleCatalog.Reader) => RoleCatalog.Reader,
        nameof(RoleCatalog.KubernetesExtensionContributor) => RoleCatalog.KubernetesExtensionContributor,
        nameof(RoleCatalog.AzureRelayOwner) => RoleCatalog.AzureRelayOwner,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
