using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Polly;
using Polly.RateLimiting;

namespace AttachFunctions.Infrastructure.Arm;

/// <summary>
/// Keeps the product's own ARM requests of one kind (reads or writes) per subscription under ARM's token buckets
/// (writes 200 burst refilled 10/s, reads 250 refilled 25/s, per subscription and principal; Microsoft Learn,
/// "Understand how Azure Resource Manager throttles requests",
/// learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling) so a fleet run never
/// trips throttling by itself. Requests wait in a queue for a token instead of being sent and answered 429.
/// </summary>
public sealed class SubscriptionRateLimiter : IDisposable
{
    private readonly ConcurrentDictionary<string, (TokenBucketRateLimiter Limiter, ResiliencePipeline Pipeline)> _bySubscription =
        new(StringComparer.OrdinalIgnoreCase);

    private readonly int _burst;
    private readonly double _perSecond;

    public SubscriptionRateLimiter(int burst, double perSecond)
    {
        _burst = burst;
        _perSecond = perSecond;
    }

    /// <summary>Runs a request once the subscription's bucket has a token.</summary>
    public ValueTask<T> RunAsync<T>(string subscriptionId, Func<CancellationToken, ValueTask<T>> write, CancellationToken ct) =>
        _bySubscription.GetOrAdd(subscriptionId, _ => Create()).Pipeline.ExecuteAsync(write, ct);

    public void Dispose()
    {
        foreach (var entry in _bySubscription.Values)
        {
            entry.Limiter.Dispose();
        }

        _bySubscription.Clear();
    }

    private (TokenBucketRateLimiter, ResiliencePipeline) Create()
    {
        // Refill in 100 ms slices so the queue drains smoothly instead of in one-second bursts.
        var perSlice = Math.Max(1, (int)Math.Round(_perSecond / 10, MidpointRounding.AwayFromZero));
        var slice = TimeSpan.FromSeconds(perSlice / _perSecond);
        var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _burst,
            TokensPerPeriod = perSlice,
            ReplenishmentPeriod = slice,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        var pipeline = new ResiliencePipelineBuilder()
            .AddRateLimiter(new RateLimiterStrategyOptions { RateLimiter = args => limiter.AcquireAsync(1, args.Context.CancellationToken) })
            .Build();
        return (limiter, pipeline);
    }
}
