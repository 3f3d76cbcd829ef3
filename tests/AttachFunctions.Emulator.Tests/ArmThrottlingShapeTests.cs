using System.Net;
using AttachFunctions.Emulator;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// ARM's throttling as a client sees it (Microsoft Learn, "Understand how Azure Resource Manager throttles requests";
/// the 429 body as recorded in velero-io/velero issue #9171): every answer carries the remaining-request headers of the
/// principal's bucket and of the subscription's global bucket (15 times larger, shared by all principals); an empty
/// bucket answers 429 SubscriptionRequestsThrottled with Retry-After and those headers.
/// </summary>
public sealed class ArmThrottlingShapeTests
{
    [Fact]
    public async Task Read_CarriesThePrincipalsAndTheGlobalRemainingReads()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario(new KnobsSpec()));
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync($"{TestWorld.AksEntra}?api-version=2025-10-01");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("249", reply.Header("x-ms-ratelimit-remaining-subscription-reads"));
        Assert.Equal("3749", reply.Header("x-ms-ratelimit-remaining-subscription-global-reads"));
        Assert.Null(reply.Header("x-ms-ratelimit-remaining-subscription-writes"));
    }

    [Fact]
    public async Task Write_OverThePrincipalsBucket_Is429SubscriptionRequestsThrottled_WithRetryAfterAndTheRemainingHeaders()
    {
        var (host, _) = await TestHost.StartFakeAsync(TestWorld.Scenario(new KnobsSpec { Throttling = new ThrottlingSpec { Scale = 0.01 } }));
        await using var owned = host;
        using var client = new ArmTestClient(host);
        var path = TestWorld.RoleAssignmentPath(TestWorld.AksEntra, "8d2c1b1e-0000-4000-8000-000000000001");
        var body = TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal);

        var first = await client.PutAsync(path, body);
        var second = await client.PutAsync(path, body);
        var third = await client.PutAsync(path, body);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.Equal("SubscriptionRequestsThrottled", third.ErrorCode);
        Assert.Equal(
            $"Number of 'write' requests for subscription '{TestWorld.Sub}' actor '{TestWorld.Caller}' exceeded. Please try again after '10' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.",
            third.Body!["error"]!["message"]!.GetValue<string>());
        Assert.Equal("10", third.Header("Retry-After")); // one token at 10 per second scaled by 0.01
        Assert.Equal("0", third.Header("x-ms-ratelimit-remaining-subscription-writes"));
        Assert.NotNull(third.Header("x-ms-ratelimit-remaining-subscription-global-writes"));
        Assert.Equal(1, host.Journal.TooManyRequests);
    }

    [Fact]
    public async Task Reads_ManyPrincipalsTogether_AreThrottledByTheGlobalBucket_ThoughEachHasTokensLeft()
    {
        // Scale 0.01: each principal's read bucket holds 2.5 tokens, the subscription's global one 37.5; the clock stands still.
        var (host, _) = await TestHost.StartFakeAsync(TestWorld.Scenario(new KnobsSpec { Throttling = new ThrottlingSpec { Scale = 0.01 } }));
        await using var owned = host;
        var path = $"{TestWorld.AksEntra}?api-version=2025-10-01";
        var statuses = new List<HttpStatusCode>();
        ArmTestClient.Reply? throttled = null;
        for (var p = 0; p < 20 && throttled is null; p++)
        {
            using var client = new ArmTestClient(host, $"aud=https://management.azure.com/.default;oid=principal-{p}");
            for (var i = 0; i < 2; i++)
            {
                var reply = await client.GetAsync(path);
                statuses.Add(reply.Status);
                if (reply.Status == HttpStatusCode.TooManyRequests)
                {
                    throttled = reply;
                    break;
                }
            }
        }

        Assert.NotNull(throttled);
        Assert.Equal(37, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal("SubscriptionRequestsThrottled", throttled.ErrorCode);
        Assert.Equal("0", throttled.Header("x-ms-ratelimit-remaining-subscription-global-reads"));
        Assert.NotEqual("0", throttled.Header("x-ms-ratelimit-remaining-subscription-reads"));
    }

    [Fact]
    public async Task InjectedThrottle_HasArmsShape_NotAnEmulatorOnlyOne()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        host.Knobs.AddFault(new FaultRule { Route = "^GET .*/managedClusters/", Kind = FaultKind.Throttle, RetryAfterSeconds = 2, MaxCount = 1 });
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync($"{TestWorld.AksEntra}?api-version=2025-10-01");

        Assert.Equal(HttpStatusCode.TooManyRequests, reply.Status);
        Assert.Equal("SubscriptionRequestsThrottled", reply.ErrorCode);
        Assert.StartsWith($"Number of 'read' requests for subscription '{TestWorld.Sub}' exceeded. Please try again after '2' seconds", reply.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("2", reply.Header("Retry-After"));
        Assert.Equal("0", reply.Header("x-ms-ratelimit-remaining-subscription-reads"));
        Assert.Equal("0", reply.Header("x-ms-ratelimit-remaining-subscription-global-reads"));
    }
}
