namespace AttachFunctions.Reliability.Tests;

/// <summary>
/// Sits between the product and the emulator. A request that matches <see cref="Match"/> reaches the emulator (its
/// side effect happens), and then the response is lost: the caller sees a transport failure. That is an activity
/// that performed its side effect and threw, the case at-least-once execution must converge from.
/// </summary>
internal sealed class FaultyResponses : DelegatingHandler
{
    private readonly FaultPlan _plan;

    public FaultyResponses(HttpMessageHandler inner, FaultPlan plan)
        : base(inner)
    {
        _plan = plan;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_plan.Match(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (_plan.Before is not null)
        {
            await _plan.Before(request);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (_plan.Rewrite?.Invoke(request) is { } replaced)
        {
            response.Dispose();
            return replaced;
        }

        if (_plan.TakeOne())
        {
            response.Dispose();
            throw new HttpRequestException("The connection was reset after the request was sent (injected: the side effect happened, the response was lost).");
        }

        return response;
    }
}

/// <summary>What <see cref="FaultyResponses"/> does; shared by every handler the runtime creates.</summary>
internal sealed class FaultPlan
{
    private int _lost;

    /// <summary>Which requests lose their response (method and path).</summary>
    public Func<HttpRequestMessage, bool> Match { get; set; } = _ => false;

    /// <summary>How many responses to lose in total.</summary>
    public int Budget { get; set; }

    /// <summary>Runs before a matching request is forwarded (e.g. to race a concurrent writer in).</summary>
    public Func<HttpRequestMessage, Task>? Before { get; set; }

    /// <summary>Replaces the response of a matching request (used to make an operation end Failed).</summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? Rewrite { get; set; }

    public int Lost => Math.Min(_lost, Budget);

    public bool TakeOne() => Interlocked.Increment(ref _lost) <= Budget;
}
