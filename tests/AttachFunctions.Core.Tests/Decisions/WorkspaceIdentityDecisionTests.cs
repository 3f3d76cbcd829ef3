using System.Text.Json.Nodes;
using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Decisions;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Tests.Decisions;

/// <summary>
/// The one decision of which workspace identity receives cluster-level roles: the primary user-assigned identity,
/// only when the deployment allows it and the policy does not narrow it away; never "the first" identity.
/// </summary>
public sealed class WorkspaceIdentityDecisionTests
{
    private const string Rg = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/";
    private const string Primary = Rg + "id-ws-prod";
    private const string PrimaryPrincipal = "33333333-0000-0000-0000-000000000001";
    private const string Added = Rg + "id-aaa-added";
    private const string AddedPrincipal = "66666666-0000-0000-0000-000000000001";

    private static readonly WorkspaceIdentityAllowList AllowsPrimary = WorkspaceIdentityAllowList.Parse(PrimaryPrincipal);

    private static ArmWorkspace Workspace(string? primary, params (string Id, string Principal)[] identities)
    {
        var map = new JsonObject();
        foreach (var (id, principal) in identities)
        {
            map[id] = new JsonObject { ["principalId"] = principal, ["clientId"] = Guid.Empty.ToString() };
        }

        var properties = new JsonObject();
        if (primary is not null)
        {
            properties["primaryUserAssignedIdentity"] = primary;
        }

        return ArmWorkspace.From(new JsonObject
        {
            ["id"] = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-prod",
            ["location"] = "westeurope",
            ["identity"] = new JsonObject { ["type"] = "UserAssigned", ["userAssignedIdentities"] = map },
            ["properties"] = properties,
        });
    }

    [Fact]
    public void Decide_SecondIdentitySortsFirst_PinsThePrimaryNotTheFirst()
    {
        var ws = Workspace(Primary, (Added, AddedPrincipal), (Primary, PrimaryPrincipal));

        var verdict = WorkspaceIdentityDecision.Decide(DecisionSamples.Attachment(), ws, WorkspaceIdentityAllowList.Parse($"{PrimaryPrincipal},{AddedPrincipal}"));

        Assert.False(verdict.IsRefused);
        Assert.Equal(PrimaryPrincipal, verdict.PrincipalId);
    }

    [Fact]
    public void Decide_PrimaryKeyCasedDifferently_FindsItsPrincipal()
    {
        var ws = Workspace(Primary.ToUpperInvariant(), (Primary, PrimaryPrincipal));

        var verdict = WorkspaceIdentityDecision.Decide(DecisionSamples.Attachment(), ws, AllowsPrimary);

        Assert.Equal(PrimaryPrincipal, verdict.PrincipalId);
    }

    [Fact]
    public void Decide_SystemAssignedWorkspace_GrantsNothingAndRefusesNothing()
    {
        var ws = ArmWorkspace.From(new JsonObject { ["id"] = "x", ["identity"] = new JsonObject { ["type"] = "SystemAssigned", ["principalId"] = PrimaryPrincipal } });

        var verdict = WorkspaceIdentityDecision.Decide(DecisionSamples.Attachment(), ws, WorkspaceIdentityAllowList.None);

        Assert.Null(verdict.PrincipalId);
        Assert.False(verdict.IsRefused);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "primary not allowed (empty setting)", DiagnosisCodes.WorkspaceIdentityNotAllowed },
        { "added identity made primary", DiagnosisCodes.WorkspaceIdentityNotAllowed },
        { "no primary", DiagnosisCodes.WorkspacePrimaryIdentityMissing },
        { "primary not among identities", DiagnosisCodes.WorkspacePrimaryIdentityUnknown },
        { "policy narrows to another", DiagnosisCodes.WorkspaceIdentityNotInPolicy },
        { "policy widens", DiagnosisCodes.WorkspaceIdentityWidenedByPolicy },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Decide_IdentityNotPinnable_IsRefusedWithItsDiagnosis_AndNoPrincipal(string row, string code)
    {
        var attachment = DecisionSamples.Attachment();
        var (ws, allowed, narrowed) = row switch
        {
            "primary not allowed (empty setting)" => (Workspace(Primary, (Primary, PrimaryPrincipal)), WorkspaceIdentityAllowList.None, null),
            "added identity made primary" => (Workspace(Added, (Primary, PrimaryPrincipal), (Added, AddedPrincipal)), AllowsPrimary, null),
            "no primary" => (Workspace(null, (Primary, PrimaryPrincipal)), AllowsPrimary, null),
            "primary not among identities" => (Workspace(Added, (Primary, PrimaryPrincipal)), AllowsPrimary, null),
            "policy narrows to another" => (Workspace(Primary, (Primary, PrimaryPrincipal)), WorkspaceIdentityAllowList.Parse($"{PrimaryPrincipal};{AddedPrincipal}"), new[] { AddedPrincipal }),
            "policy widens" => (Workspace(Primary, (Primary, PrimaryPrincipal)), WorkspaceIdentityAllowList.None, new[] { PrimaryPrincipal }),
            _ => throw new ArgumentOutOfRangeException(nameof(row), row, null),
        };

        var verdict = WorkspaceIdentityDecision.Decide(attachment with { WorkspaceIdentityPrincipalIds = narrowed }, ws, allowed);

        Assert.Null(verdict.PrincipalId);
        Assert.Equal(StepAction.Blocked, verdict.Refusal!.Action);
        Assert.False(verdict.Refusal.HealsWithTime);
        Assert.Equal(code, verdict.Refusal.Diagnosis!.Code);
    }

    [Fact]
    public void NotAllowedDiagnosis_NamesIdentityPrincipalAndTheSettingToChange()
    {
        var ws = Workspace(Added, (Primary, PrimaryPrincipal), (Added, AddedPrincipal));

        var diagnosis = WorkspaceIdentityDecision.Decide(DecisionSamples.Attachment(), ws, AllowsPrimary).Refusal!.Diagnosis!;

        Assert.Contains(Added, diagnosis.Message, StringComparison.Ordinal);
        Assert.Contains($"principal {AddedPrincipal}", diagnosis.Message, StringComparison.Ordinal);
        Assert.Contains("workspaceIdentityPrincipalIds / app setting Security__WorkspaceIdentityPrincipalIds", diagnosis.Fix, StringComparison.Ordinal);
    }
}
