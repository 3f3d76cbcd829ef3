using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Decisions;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using static AttachFunctions.Core.Tests.Decisions.DecisionSamples;

namespace AttachFunctions.Core.Tests.Decisions;

/// <summary>
/// An AKS managed namespace whose operation ended Failed stays in ARM with our labels (provisioningState Failed): it is
/// written again, never reported as present, and a foreign one is still never taken over.
/// </summary>
public sealed class ManagedNamespaceFailedDecisionTests
{
    [Fact]
    public void Decide_OurManagedNamespaceEndedFailed_WritesItAgain_NotUnchanged()
    {
        var desired = Attachment().Namespace;
        var failed = Namespace(desired) with { ProvisioningFailed = true };

        var decision = NamespaceDecision.Decide(desired, failed, ClusterId.Parse(Aks));

        Assert.Equal(StepAction.Update, decision.Action);
        Assert.Contains("Failed", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ForeignNamespaceEndedFailed_IsStillBlockedAsNotOwned()
    {
        var desired = Attachment().Namespace;
        var failed = Namespace(desired, ours: false) with { ProvisioningFailed = true };

        var decision = NamespaceDecision.Decide(desired, failed, ClusterId.Parse(Aks));

        Assert.Equal(StepAction.Blocked, decision.Action);
        Assert.Equal(DiagnosisCodes.NamespaceNotOwned, decision.Diagnosis?.Code);
    }
}
