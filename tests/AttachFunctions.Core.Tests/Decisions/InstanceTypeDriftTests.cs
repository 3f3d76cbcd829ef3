using System.Text.Json.Nodes;
using AttachFunctions.Core.Decisions;
using AttachFunctions.Core.Planning;
using static AttachFunctions.Core.Tests.Decisions.DecisionSamples;

namespace AttachFunctions.Core.Tests.Decisions;

/// <summary>
/// Instance types on a compute drift on their contents (node selector, requests, limits), and an attached compute is
/// never updated in place: any difference is a Replace (detach + attach). Quantities compare by value.
/// </summary>
public sealed class InstanceTypeDriftTests
{
    [Fact]
    public void Decide_InstanceTypeLimitChanged_IsReplaceNamingTheTypeAndTheResource()
    {
        var a = Attachment();
        var compute = Compute(a);
        compute.InstanceTypes!["cpu-small"]!["resources"]!["limits"]!["cpu"] = "1";

        var decision = ComputeDecision.Decide(a, compute);

        Assert.Equal(StepAction.Replace, decision.Action);
        Assert.Contains("instance type cpu-small with limits cpu 1, policy says 2", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NodeSelectorRemoved_IsReplace()
    {
        var a = Attachment();
        var compute = Compute(a);
        compute.InstanceTypes!["gpu-a100"]!["nodeSelector"] = null;

        var decision = ComputeDecision.Decide(a, compute);

        Assert.Equal(StepAction.Replace, decision.Action);
        Assert.Contains("gpu-a100 with node selector none", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_InstanceTypeMissing_IsReplace()
    {
        var a = Attachment();
        var compute = Compute(a);
        ((JsonObject)compute.InstanceTypes!).Remove("gpu-a100");

        Assert.Equal(StepAction.Replace, ComputeDecision.Decide(a, compute).Action);
    }

    [Fact]
    public void Decide_SameQuantitySpelledOtherwise_IsNone()
    {
        var a = Attachment();
        var compute = Compute(a);
        compute.InstanceTypes!["cpu-small"]!["resources"]!["limits"]!["cpu"] = "2000m";

        Assert.Equal(StepAction.None, ComputeDecision.Decide(a, compute).Action);
    }
}
