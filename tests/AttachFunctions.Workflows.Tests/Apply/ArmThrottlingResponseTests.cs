using AttachFunctions.Core.Errors;
using AttachFunctions.Emulator;
using AttachFunctions.Infrastructure.Errors;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>
/// The product against ARM's real 429 (SubscriptionRequestsThrottled with Retry-After and the remaining-request headers;
/// velero-io/velero issue #9171, Microsoft Learn "Understand how Azure Resource Manager throttles requests"): Azure.Core
/// retries on Retry-After and the classifier decides on the status, so neither the code nor an emulator-only header
/// matters, and the run converges with exactly what it would have written unthrottled.
/// </summary>
public sealed class ArmThrottlingResponseTests
{
    [Fact]
    public async Task Reconcile_ArmAnswersSubscriptionRequestsThrottled_OnReadsAndWrites_RetriesAndConverges()
    {
        await using var world = await StartAsync();
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^GET .*/computes/", Kind = FaultKind.Throttle, RetryAfterSeconds = 0, MaxCount = 2 });
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^PUT .*/computes/", Kind = FaultKind.Throttle, RetryAfterSeconds = 0, MaxCount = 2 });
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^PUT .*/roleAssignments/", Kind = FaultKind.Throttle, RetryAfterSeconds = 0, MaxCount = 2 });

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        var throttled = world.Emulator.Journal.Entries.Where(e => e.Status == 429).ToList();
        Assert.Equal(6, throttled.Count);
        Assert.All(throttled, e => Assert.Equal("SubscriptionRequestsThrottled", e.ErrorCode));
        Assert.Equal("Succeeded", world.Emulator.State.Compute(Research, "aks-research-r")!.ProvisioningState);
        Assert.Equal("Succeeded", world.Emulator.State.Compute(Prod, "aks-research-p")!.ProvisioningState);
        Assert.Equal(2, world.Emulator.State.RoleAssignments(world.Emulator.State.Compute(Research, "aks-research-r")!.PrincipalId!).Count);
    }

    [Theory]
    [InlineData("SubscriptionRequestsThrottled")]
    [InlineData("TenantRequestsThrottled")]
    [InlineData("TooManyRequests")]
    public void Classify_ArmThrottlingThatOutlastedAzureCoresRetries_IsRetryable_WhateverTheCode(string code) =>
        Assert.Equal(ErrorClass.Retryable, ErrorClassifier.Classify(new ArmRequestException(429, code, "throttled", "GET", "/subscriptions/s")).Class);
}
