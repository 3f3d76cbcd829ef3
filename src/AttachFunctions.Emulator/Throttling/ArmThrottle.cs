namespace AttachFunctions.Emulator;

/// <summary>
/// ARM throttling as documented (Microsoft Learn, "Understand how Azure Resource Manager throttles requests", regional
/// throttling and token bucket algorithm): token buckets per subscription, per principal and per operation type (reads
/// 250 refilled 25 per second, writes and deletes 200 refilled 10 per second), and a global subscription bucket per
/// operation type shared by all principals, 15 times the per-principal one; a request is throttled when either is empty.
/// Both are scaled by <see cref="ThrottlingSpec.Scale"/>.
/// </summary>
internal sealed class ArmThrottle(EmulatorKnobs knobs, TimeProvider time)
{
    /// <summary>The global subscription limit is this many times the per-principal limit (same Microsoft Learn page).</summary>
    internal const int GlobalMultiplier = 15;

    private const string AllPrincipals = "*";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Subscription, string Principal, OperationKind Kind), TokenBucket> _buckets = [];
    private int _generation = -1;

    /// <summary>
    /// What the buckets said: allowed or not, the whole tokens left in the principal's and in the global bucket, and the
    /// wait until both have a token.
    /// </summary>
    public readonly record struct Decision(bool Allowed, int Remaining, int RemainingGlobal, TimeSpan RetryAfter);

    public Decision Take(string subscription, string principal, OperationKind kind)
    {
        var spec = knobs.Throttling;
        lock (_gate)
        {
            if (_generation != knobs.ThrottlingGeneration)
            {
                _buckets.Clear();
                _generation = knobs.ThrottlingGeneration;
            }

            var own = Bucket(spec, subscription, principal, kind, 1);
            var global = Bucket(spec, subscription, AllPrincipals, kind, GlobalMultiplier);
            if (!spec.Enabled)
            {
                return new Decision(true, (int)own.Capacity, (int)global.Capacity, TimeSpan.Zero);
            }

            // Take from both only when both have a token: a refused request costs nothing.
            var ownWait = own.TimeUntilToken();
            var globalWait = global.TimeUntilToken();
            if (ownWait > TimeSpan.Zero || globalWait > TimeSpan.Zero)
            {
                return new Decision(false, own.Whole, global.Whole, ownWait > globalWait ? ownWait : globalWait);
            }

            own.TryTake(out var remaining, out _);
            global.TryTake(out var remainingGlobal, out _);
            return new Decision(true, remaining, remainingGlobal, TimeSpan.Zero);
        }
    }

    private TokenBucket Bucket(ThrottlingSpec spec, string subscription, string principal, OperationKind kind, int multiplier)
    {
        var key = (subscription.ToUpperInvariant(), principal, kind);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            var b = kind switch
            {
                OperationKind.ArmWrite => spec.Writes,
                OperationKind.ArmDelete => spec.Deletes,
                _ => spec.Reads,
            };
            bucket = new TokenBucket(b.Capacity * spec.Scale * multiplier, b.RefillPerSecond * spec.Scale * multiplier, time);
            _buckets[key] = bucket;
        }

        return bucket;
    }
}
