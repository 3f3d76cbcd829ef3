namespace AttachFunctions.Emulator;

/// <summary>
/// ARM throttling as documented: token buckets per subscription, per principal and per operation type
/// (reads 250/25 per second, writes and deletes 200/10 per second), scaled by <see cref="ThrottlingSpec.Scale"/>.
/// </summary>
internal sealed class ArmThrottle(EmulatorKnobs knobs, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Subscription, string Principal, OperationKind Kind), TokenBucket> _buckets = [];
    private int _generation = -1;

    public readonly record struct Decision(bool Allowed, int Remaining, TimeSpan RetryAfter, string HeaderName);

    public Decision Take(string subscription, string principal, OperationKind kind)
    {
        var header = kind switch
        {
            OperationKind.ArmWrite => "x-ms-ratelimit-remaining-subscription-writes",
            OperationKind.ArmDelete => "x-ms-ratelimit-remaining-subscription-deletes",
            _ => "x-ms-ratelimit-remaining-subscription-reads",
        };
        var spec = knobs.Throttling;
        lock (_gate)
        {
            if (_generation != knobs.ThrottlingGeneration)
            {
                _buckets.Clear();
                _generation = knobs.ThrottlingGeneration;
            }

            var key = (subscription.ToUpperInvariant(), principal, kind);
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                var b = kind switch
                {
                    OperationKind.ArmWrite => spec.Writes,
                    OperationKind.ArmDelete => spec.Deletes,
                    _ => spec.Reads,
                };
                bucket = new TokenBucket(b.Capacity * spec.Scale, b.RefillPerSecond * spec.Scale, time);
                _buckets[key] = bucket;
            }

            if (!spec.Enabled)
            {
                return new Decision(true, (int)bucket.Capacity, TimeSpan.Zero, header);
            }

            var allowed = bucket.TryTake(out var remaining, out var retryAfter);
            return new Decision(allowed, remaining, retryAfter, header);
        }
    }
}
