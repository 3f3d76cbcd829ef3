using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace AttachFunctions.Emulator.Tests;

/// <summary>ARM token buckets per subscription + principal, answered with 429 SubscriptionRequestsThrottled + Retry-After.</summary>
public sealed class ThrottlingTests
{
    [Fact]
    public async Task Writes_BurstOf300FromOnePrincipal_ThrottledAfter200AndAllSucceedWhenRetryAfterIsHonoured()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        var path = TestWorld.RoleAssignmentPath(TestWorld.AksEntra, "8d2c1b1e-0000-4000-8000-000000000001");
        var body = TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal);
        int? firstThrottledWrite = null;
        var throttled = 0;
        var succeeded = 0;
        string? remainingAfterFirst = null;

        for (var write = 1; write <= 300; write++)
        {
            while (true)
            {
                var reply = await client.PutAsync(path, body);
                remainingAfterFirst ??= reply.Header("x-ms-ratelimit-remaining-subscription-writes");
                if (reply.Status != HttpStatusCode.TooManyRequests)
                {
                    Assert.True(reply.Status is HttpStatusCode.Created or HttpStatusCode.OK, reply.Status.ToString());
                    succeeded++;
                    break;
                }

                firstThrottledWrite ??= write;
                throttled++;
                Assert.Equal("SubscriptionRequestsThrottled", reply.ErrorCode);
                Assert.Equal("0", reply.Header("x-ms-ratelimit-remaining-subscription-writes"));
                time.Advance(TimeSpan.FromSeconds(int.Parse(reply.Header("Retry-After")!, CultureInfo.InvariantCulture)));
            }
        }

        Assert.Equal(201, firstThrottledWrite);
        Assert.Equal("199", remainingAfterFirst);
        Assert.Equal(300, succeeded);
        Assert.Equal(10, throttled);
        Assert.Equal(300 + throttled, host.Journal.Writes);
        Assert.Equal(throttled, host.Journal.TooManyRequests);
        Assert.Equal(throttled, host.Journal.Count(e => e.Throttled));
        Assert.Equal(0, host.Journal.Reads);
    }

    [Fact]
    public async Task Buckets_DifferentPrincipalsAndOperationTypes_AreIndependent()
    {
        var knobs = new KnobsSpec { Throttling = new ThrottlingSpec { Scale = 0.01 } };
        await using var host = await TestHost.StartAsync(TestWorld.Scenario(knobs));
        using var alice = new ArmTestClient(host, "aud=https://management.azure.com/.default;oid=alice");
        using var bob = new ArmTestClient(host, "aud=https://management.azure.com/.default;oid=bob");
        var path = $"{TestWorld.AksEntra}?api-version=2025-10-01";

        var aliceReads = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            aliceReads.Add((await alice.GetAsync(path)).Status);
        }

        var bobRead = await bob.GetAsync(path);
        var aliceDelete = await alice.DeleteAsync(TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString()));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], aliceReads);
        Assert.Equal(HttpStatusCode.OK, bobRead.Status);
        Assert.Equal(HttpStatusCode.NoContent, aliceDelete.Status);
    }

    [Fact]
    public void TokenBucket_Empty_RefillsAtItsRate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(2, 10, time);

        Assert.True(bucket.TryTake(out var first, out _));
        Assert.True(bucket.TryTake(out var second, out _));
        Assert.False(bucket.TryTake(out _, out var wait));
        time.Advance(wait);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal(TimeSpan.FromMilliseconds(100), wait);
        Assert.True(bucket.TryTake(out _, out _));
        Assert.False(bucket.TryTake(out _, out _));
    }
}
