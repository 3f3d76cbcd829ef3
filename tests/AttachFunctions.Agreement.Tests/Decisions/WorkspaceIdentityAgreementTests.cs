using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using static AttachFunctions.Agreement.Tests.Decisions.Agreement;
using static AttachFunctions.Agreement.Tests.SampleWorld;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Agreement.Tests.Decisions;

/// <summary>
/// Plan and the prerequisite ensure-step take the workspace identity from the same decision: both pin the primary
/// identity, or both refuse it with the same diagnosis (and the step writes nothing).
/// </summary>
public sealed class WorkspaceIdentityAgreementTests
{
    private const string AddedPrincipal = "66666666-0000-0000-0000-000000000001";

    public static TheoryData<string, StepAction, string?> Rows => new()
    {
        { "primary allowed", StepAction.None, null },
        { "added identity made primary", StepAction.Blocked, DiagnosisCodes.WorkspaceIdentityNotAllowed },
        { "no primary", StepAction.Blocked, DiagnosisCodes.WorkspacePrimaryIdentityMissing },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task PlanAndEnsure_WorkspaceIdentityChoice_Agree(string row, StepAction expected, string? code)
    {
        await using var world = await StartAsync();
        world.FinishExtensionInstalls();
        var added = world.State.AddUserAssignedIdentity(Sub1, "rg-ml", "id-aaa-added", AddedPrincipal, "66666666-0000-0000-0000-0000000000c1");
        world.State.AddWorkspaceIdentity(Prod, added, makePrimary: row == "added identity made primary");
        if (row == "no primary")
        {
            world.State.SetWorkspacePrimaryIdentity(Prod, null);
        }

        var plan = await PlanAsync(world, AksProd);
        var a = Attachment(plan, "ws-prod");
        var outcomes = await Activities.PrerequisitesAsync(world, a);
        var planned = plan.Plan.Attachments.Single(p => p.Key == a.Key).Steps.Where(s => s.Kind == StepKind.PrerequisiteGrant).ToList();

        if (expected == StepAction.Blocked)
        {
            var target = StepTargets.WorkspaceIdentity(a.Workspace);
            Agree(Assert.Single(planned), Classify(Assert.Single(outcomes)), expected, code);
            Assert.Equal(target, planned[0].Target);
            Assert.Equal(target, outcomes[0].Target);
            Assert.Empty(world.State.RoleAssignments(AddedPrincipal));
        }
        else
        {
            // aks-prod-01 already holds the three roles for id-ws-prod in the scenario: present, nothing to do, and never for the added identity.
            Assert.Equal(3, planned.Count);
            Assert.All(planned, s => Assert.Equal(StepAction.None, s.Action));
            Assert.All(outcomes, o => Assert.Equal(StepOutcomeKind.Unchanged, o.Outcome));
            Assert.Empty(world.State.RoleAssignments(AddedPrincipal));
        }
    }
}
