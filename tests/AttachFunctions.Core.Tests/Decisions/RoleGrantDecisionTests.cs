using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Decisions;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;
using static AttachFunctions.Core.Tests.Decisions.DecisionSamples;

namespace AttachFunctions.Core.Tests.Decisions;

public sealed class RoleGrantDecisionTests
{
    public static TheoryData<string, StepAction, string?> PrerequisiteRows => new()
    {
        { "cluster scope, missing", StepAction.Create, null },
        { "cluster scope, present", StepAction.None, null },
        { "cluster scope, present above it", StepAction.None, null },
        { "cluster scope, held by another principal", StepAction.Create, null },
        { "relay, none exists", StepAction.Blocked, DiagnosisCodes.RelayNamespaceMissing },
        { "relay, missing", StepAction.Create, null },
        { "relay, present", StepAction.None, null },
    };

    [Theory]
    [MemberData(nameof(PrerequisiteRows))]
    public void Prerequisite_ObservedAssignments_GiveActionAndCode(string row, StepAction action, string? code)
    {
        var a = Attachment(Arc, team: "edge");
        var relayRow = row.StartsWith("relay", StringComparison.Ordinal);
        var p = a.WorkspacePrerequisites.First(x => relayRow ? x.Role == RoleCatalog.AzureRelayOwner : x.Role == RoleCatalog.KubernetesExtensionContributor);
        var scope = RoleGrantDecision.ScopeOf(p, row == "relay, none exists" ? null : Relay);
        IReadOnlyList<ArmRoleAssignment> held = row switch
        {
            "cluster scope, present" => [Assignment(Arc, p.Role.DefinitionGuid)],
            "cluster scope, present above it" => [Assignment($"/subscriptions/{Sub}/resourceGroups/rg-arc-edge", p.Role.DefinitionGuid)],
            "cluster scope, held by another principal" => [Assignment(Arc, p.Role.DefinitionGuid, "someone-else")],
            "relay, present" => [Assignment(Relay, p.Role.DefinitionGuid)],
            _ => [],
        };

        var decision = RoleGrantDecision.Prerequisite(a, p, scope, Principal, held);

        Assert.Equal(action, decision.Action);
        Assert.Equal(code, decision.Diagnosis?.Code);
        Assert.False(decision.HealsWithTime);
    }

    public static TheoryData<string, StepAction, string?> ComputeGrantRows => new()
    {
        { "principal known, missing", StepAction.Create, null },
        { "principal known, present", StepAction.None, null },
        { "principal pending (compute about to be attached)", StepAction.Create, null },
        { "principal missing after attach", StepAction.Blocked, DiagnosisCodes.ComputeIdentityMissing },
        { "scope does not exist", StepAction.Blocked, DiagnosisCodes.GrantScopeNotFound },
        { "role not allow-listed", StepAction.Blocked, DiagnosisCodes.RoleNotAllowed },
    };

    [Theory]
    [MemberData(nameof(ComputeGrantRows))]
    public void ComputeGrant_ObservedPrincipalAndAssignments_GiveActionAndCode(string row, StepAction action, string? code)
    {
        var a = Attachment();
        var grant = a.ComputeGrants[0];
        if (row == "role not allow-listed")
        {
            grant = grant with { Role = new BuiltInRole("Owner", "Owner", Guid.Parse("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"), RolePurpose.ComputeGrant) };
        }

        var principal = row is "principal pending (compute about to be attached)" or "principal missing after attach" ? null : Principal;
        IReadOnlyList<ArmRoleAssignment>? held = row switch
        {
            "principal known, present" => [Assignment(grant.Scope, grant.Role.DefinitionGuid)],
            "scope does not exist" => null,
            _ => [],
        };

        var decision = RoleGrantDecision.ComputeGrant(a, grant, principal, principalPending: row.StartsWith("principal pending", StringComparison.Ordinal), held);

        Assert.Equal(action, decision.Action);
        Assert.Equal(code, decision.Diagnosis?.Code);
        Assert.False(decision.HealsWithTime);
    }
}
