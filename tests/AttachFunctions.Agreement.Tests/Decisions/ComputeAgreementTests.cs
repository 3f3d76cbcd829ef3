using System.Text.Json.Nodes;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using static AttachFunctions.Agreement.Tests.Decisions.Agreement;
using static AttachFunctions.Agreement.Tests.SampleWorld;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Agreement.Tests.Decisions;

/// <summary>
/// Plan and EnsureComputeAsync agree on the compute step of aks-research-01 in ws-research. A compute of another type
/// cannot be built here (the emulator implements Kubernetes computes only); the decision table covers it.
/// </summary>
public sealed class ComputeAgreementTests
{
    private const string ComputeName = "aks-research-r";

    public static TheoryData<string, StepAction, string?> Rows => new()
    {
        { "missing", StepAction.Create, null },
        { "attached and Succeeded", StepAction.None, null },
        { "Failed", StepAction.Replace, null },
        { "other namespace", StepAction.Replace, null },
        { "attached to another cluster", StepAction.Blocked, DiagnosisCodes.ComputeNameCollision },
        { "still provisioning", StepAction.Blocked, DiagnosisCodes.AttachFailed },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task PlanAndEnsure_ComputeState_Agree(string row, StepAction expected, string? code)
    {
        var scenario = row switch
        {
            "other namespace" => Scenario(WithCompute("ws-research", Compute(AksResearch, "Succeeded", "elsewhere"))),
            "attached to another cluster" => Scenario(WithCompute("ws-research", Compute(AksSandbox, "Succeeded", "research-research"))),
            "still provisioning" => Scenario(WithCompute("ws-research", Compute(AksResearch, "Creating", "research-research"))),
            _ => null,
        };
        await using var world = await StartAsync(scenario);
        var a = Attachment(await PlanAsync(world, AksResearch), "ws-research");
        Assert.Equal(ComputeName, a.ComputeName);
        if (row is "attached and Succeeded" or "Failed")
        {
            await Activities.ComputeAsync(world, a);
        }

        if (row == "Failed")
        {
            world.State.SetComputeFailed(Research, ComputeName);
        }

        var planned = Step(await PlanAsync(world, AksResearch), a, StepKind.Compute, StepTargets.Compute(a));
        var ensured = await EnsureAsync(async () => (await Activities.ComputeAsync(world, a)).Outcome);

        Agree(planned, ensured, expected, code);
    }

    private static JsonObject Compute(string clusterId, string state, string ns) => new()
    {
        ["name"] = ComputeName,
        ["resourceId"] = clusterId,
        ["namespace"] = ns,
        ["identityType"] = "SystemAssigned",
        ["provisioningState"] = state,
    };
}
