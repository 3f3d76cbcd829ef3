using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Decisions;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using static AttachFunctions.Core.Tests.Decisions.DecisionSamples;

namespace AttachFunctions.Core.Tests.Decisions;

public sealed class ComputeDecisionTests
{
    public static TheoryData<string, StepAction, string?, bool> Rows => new()
    {
        { "missing", StepAction.Create, null, false },
        { "matching", StepAction.None, null, false },
        { "failed", StepAction.Replace, null, false },
        { "other namespace", StepAction.Replace, null, false },
        { "no identity", StepAction.Replace, null, false },
        { "creating", StepAction.Blocked, DiagnosisCodes.AttachFailed, true },
        { "deleting", StepAction.Blocked, DiagnosisCodes.AttachFailed, true },
        { "foreign type", StepAction.Blocked, DiagnosisCodes.AttachFailed, false },
        { "attached to another cluster", StepAction.Blocked, DiagnosisCodes.ComputeNameCollision, false },
        { "attached to no cluster", StepAction.Replace, null, false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_ObservedCompute_GivesActionCodeAndHealing(string row, StepAction action, string? code, bool heals)
    {
        var a = Attachment();
        ArmCompute? existing = row switch
        {
            "missing" => null,
            "matching" => Compute(a),
            "failed" => Compute(a, state: "Failed"),
            "other namespace" => Compute(a, ns: "elsewhere"),
            "no identity" => Compute(a, identityType: "None", principal: null),
            "creating" => Compute(a, state: "Creating"),
            "deleting" => Compute(a, state: "Deleting"),
            "foreign type" => Compute(a, type: "AmlCompute"),
            "attached to another cluster" => Compute(a, resourceId: OtherAks),
            "attached to no cluster" => Compute(a, resourceId: "not-a-cluster-id"),
            _ => throw new ArgumentOutOfRangeException(nameof(row), row, null),
        };

        var decision = ComputeDecision.Decide(a, existing);

        Assert.Equal(action, decision.Action);
        Assert.Equal(code, decision.Diagnosis?.Code);
        Assert.Equal(heals, decision.HealsWithTime);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void Decide_FailedCompute_ReasonNamesTheErrorCode()
    {
        var a = Attachment();

        var decision = ComputeDecision.Decide(a, Compute(a, state: "Failed"));

        Assert.Contains("InternalServerError", decision.Reason, StringComparison.Ordinal);
    }
}
