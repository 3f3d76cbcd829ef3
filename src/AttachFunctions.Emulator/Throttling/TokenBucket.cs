namespace AttachFunctions.Emulator;

/// <summary>A token bucket: <see cref="Capacity"/> tokens, refilled continuously at <see cref="RefillPerSecond"/>.</summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private double _tokens;
    private DateTimeOffset _last;

    public TokenBucket(double capacity, double refillPerSecond, TimeProvider time)
    {
        Capacity = Math.Max(1, capacity);
        RefillPerSecond = Math.Max(0.001, refillPerSecond);
        _time = time;
        _tokens = Capacity;
        _last = time.GetUtcNow();
    }

    public double Capacity { get; }

    public double RefillPerSecond { get; }

    /// <summary>Takes one token. On success returns the whole tokens left; on failure the wait until one is available.</summary>
    public bool TryTake(out int remaining, out TimeSpan retryAfter)
    {
        Refill();
        if (_tokens >= 1)
        {
            _tokens -= 1;
            remaining = (int)Math.Floor(_tokens);
            retryAfter = TimeSpan.Zero;
            return true;
        }

        remaining = 0;
        retryAfter = TimeSpan.FromSeconds((1 - _tokens) / RefillPerSecond);
        return false;
    }

    /// <summary>The whole tokens in the bucket now.</summary>
    public int Whole
    {
        get
        {
            Refill();
            return (int)Math.Floor(_tokens);
        }
    }

    /// <summary>Zero when a token is available now; otherwise the wait until one is. Takes nothing.</summary>
    public TimeSpan TimeUntilToken()
    {
        Refill();
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / RefillPerSecond);
    }

    private void Refill()
    {
        var now = _time.GetUtcNow();
        var elapsed = (now - _last).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Capacity, _tokens + (elapsed * RefillPerSecond));
            _last = now;
        }
    }
}
