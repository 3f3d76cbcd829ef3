using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Decisions;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Observed;
using AttachFunctions.Core.Planning;
using static AttachFunctions.Core.Tests.Decisions.DecisionSamples;

namespace AttachFunctions.Core.Tests.Decisions;

public sealed class NamespaceDecisionTests
{
    public static TheoryData<string, StepAction, string?, bool> Rows => new()
    {
        { "missing", StepAction.Create, null, false },
        { "ours and matching", StepAction.None, null, false },
        { "ours, labels differ", StepAction.Update, null, false },
        { "terminating", StepAction.Blocked, DiagnosisCodes.NamespaceTerminating, true },
        { "foreign", StepAction.Blocked, DiagnosisCodes.NamespaceNotOwned, false },
        { "foreign, policy adopts", StepAction.Update, null, false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_ObservedNamespace_GivesActionCodeAndHealing(string row, StepAction action, string? code, bool heals)
    {
        var desired = Attachment().Namespace;
        ObservedNamespace? current = row switch
        {
            "missing" => null,
            "ours and matching" => Namespace(desired),
            "ours, labels differ" => Namespace(desired, labelsMatch: false),
            "terminating" => Namespace(desired, terminating: true),
            "foreign" or "foreign, policy adopts" => Namespace(desired, ours: false),
            _ => throw new ArgumentOutOfRangeException(nameof(row), row, null),
        };
        if (row == "foreign, policy adopts")
        {
            desired = desired with { Adopt = true };
        }

        var decision = NamespaceDecision.Decide(desired, current, ClusterId.Parse(Aks));

        Assert.Equal(action, decision.Action);
        Assert.Equal(code, decision.Diagnosis?.Code);
        Assert.Equal(heals, decision.HealsWithTime);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void Decide_Terminating_FixSaysTheStepIsRetried()
    {
        var desired = Attachment().Namespace;

        var decision = NamespaceDecision.Decide(desired, Namespace(desired, terminating: true), ClusterId.Parse(Aks));

        Assert.Contains("the step is retried", decision.Diagnosis!.Fix, StringComparison.Ordinal);
        Assert.IsType<Core.Errors.DiagnosedException>(decision.ToRetryableException());
    }
}
