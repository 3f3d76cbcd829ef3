using System.Text.RegularExpressions;

namespace AttachFunctions.Emulator;

/// <summary>The kind of an incoming request, for latency, throttling and the journal.</summary>
public enum OperationKind
{
    /// <summary>ARM GET/HEAD.</summary>
    ArmRead,

    /// <summary>ARM PUT/PATCH/POST.</summary>
    ArmWrite,

    /// <summary>ARM DELETE.</summary>
    ArmDelete,

    /// <summary>Any request to a virtual Kubernetes API server.</summary>
    Kubernetes,

    /// <summary>Any request to the Key Vault secrets endpoint.</summary>
    KeyVault,
}

/// <summary>What an injected fault does.</summary>
public enum FaultKind
{
    /// <summary>429 with Retry-After: on ARM, SubscriptionRequestsThrottled with ARM's remaining-request headers; on Kubernetes, TooManyRequests.</summary>
    Throttle,

    /// <summary>500 InternalServerError.</summary>
    ServerError,

    /// <summary>503 ServiceUnavailable with Retry-After.</summary>
    Unavailable,

    /// <summary>Never answers (until the client gives up).</summary>
    Hang,

    /// <summary>Aborts the connection without a response.</summary>
    DropConnection,
}

/// <summary>A fault injection rule: requests whose "METHOD /path" matches <see cref="Route"/> fail with probability <see cref="Rate"/>.</summary>
public sealed record FaultRule
{
    /// <summary>Regular expression matched (case-insensitively) against <c>"{METHOD} {path}"</c>, e.g. <c>"^PUT .*/computes/"</c>.</summary>
    public required string Route { get; init; }

    /// <summary>What happens.</summary>
    public FaultKind Kind { get; init; } = FaultKind.ServerError;

    /// <summary>Probability in [0, 1].</summary>
    public double Rate { get; init; } = 1;

    /// <summary>Retry-After seconds for Throttle and Unavailable.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Stop after this many injected faults (null: no limit).</summary>
    public int? MaxCount { get; init; }

    internal Regex Pattern => field ??= new Regex(Route, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

/// <summary>
/// Behaviour knobs of the emulator, read on every request, so tests and benchmarks can change them at run time.
/// Durations are measured with the host's <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class EmulatorKnobs
{
    private readonly Lock _gate = new();
    private readonly Dictionary<OperationKind, TimeSpan> _latency = [];
    private readonly List<FaultRule> _faults = [];
    private readonly Dictionary<FaultRule, int> _faultCounts = [];
    private Random _random;

    internal EmulatorKnobs(KnobsSpec spec)
    {
        PageSize = spec.PageSize;
        LroDuration = TimeSpan.FromSeconds(spec.LroSeconds);
        LroRetryAfter = TimeSpan.FromSeconds(spec.LroRetryAfterSeconds);
        DetachDuration = TimeSpan.FromSeconds(spec.DetachSeconds);
        PrincipalReplicationDelay = TimeSpan.FromSeconds(spec.PrincipalReplicationSeconds);
        NamespaceTerminationDuration = TimeSpan.FromSeconds(spec.NamespaceTerminationSeconds);
        KubernetesGrantPropagationDelay = TimeSpan.FromSeconds(spec.KubernetesGrantPropagationSeconds);
        ExplicitPrincipalTypeSkipsReplication = spec.ExplicitPrincipalTypeSkipsReplication;
        foreach (var (kind, ms) in spec.LatencyMs)
        {
            _latency[kind] = TimeSpan.FromMilliseconds(ms);
        }

        Throttling = spec.Throttling;
        _faults.AddRange(spec.Faults);
        _random = new Random(spec.FaultSeed);
        AssignableRoleDefinitionIds = spec.AssignableRoleDefinitionIds;
        AssignablePrincipalTypes = spec.AssignablePrincipalTypes;
    }

    /// <summary>Items per page of every ARM list (nextLink paging).</summary>
    public int PageSize { get; set; }

    /// <summary>How long a compute PUT stays InProgress.</summary>
    public TimeSpan LroDuration { get; set; }

    /// <summary>Retry-After sent with InProgress operation statuses and 202/201 LRO starts.</summary>
    public TimeSpan LroRetryAfter { get; set; }

    /// <summary>How long a compute DELETE stays InProgress (zero: 200 at once).</summary>
    public TimeSpan DetachDuration { get; set; }

    /// <summary>How long a new principal needs before role assignments to it are accepted.</summary>
    public TimeSpan PrincipalReplicationDelay { get; set; }

    /// <summary>How long a deleted namespace stays Terminating.</summary>
    public TimeSpan NamespaceTerminationDuration { get; set; }

    /// <summary>How long a Kubernetes grant made at run time (<see cref="EmulatorState.GrantKubernetes"/>) takes before the API server honours it.</summary>
    public TimeSpan KubernetesGrantPropagationDelay { get; set; }

    /// <summary>Whether a role assignment stating principalType is accepted for a known principal before it replicates.</summary>
    public bool ExplicitPrincipalTypeSkipsReplication { get; set; }

    /// <summary>ARM token-bucket settings (replace the record to change them; buckets restart full).</summary>
    public ThrottlingSpec Throttling
    {
        get;
        set
        {
            field = value;
            ThrottlingGeneration++;
        }
    }

    internal int ThrottlingGeneration { get; private set; }

    /// <summary>ABAC-style allow-list of assignable role definition GUIDs (null: any).</summary>
    public IReadOnlyList<string>? AssignableRoleDefinitionIds { get; set; }

    /// <summary>ABAC-style allow-list of assignable principal types (null: any).</summary>
    public IReadOnlyList<string>? AssignablePrincipalTypes { get; set; }

    /// <summary>Latency added to requests of a kind.</summary>
    public TimeSpan GetLatency(OperationKind kind)
    {
        lock (_gate)
        {
            return _latency.GetValueOrDefault(kind);
        }
    }

    /// <summary>Sets the latency added to requests of a kind.</summary>
    public void SetLatency(OperationKind kind, TimeSpan latency)
    {
        lock (_gate)
        {
            _latency[kind] = latency;
        }
    }

    /// <summary>Adds a fault injection rule.</summary>
    public void AddFault(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            _faults.Add(rule);
        }
    }

    /// <summary>Removes every fault injection rule.</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
            _faultCounts.Clear();
        }
    }

    /// <summary>Reseeds the fault-injection random source.</summary>
    public void SeedFaults(int seed)
    {
        lock (_gate)
        {
            _random = new Random(seed);
        }
    }

    internal FaultRule? PickFault(string method, string path)
    {
        var subject = method + " " + path;
        lock (_gate)
        {
            foreach (var rule in _faults)
            {
                if (!rule.Pattern.IsMatch(subject))
                {
                    continue;
                }

                var used = _faultCounts.GetValueOrDefault(rule);
                if (rule.MaxCount is { } max && used >= max)
                {
                    continue;
                }

#pragma warning disable CA5394 // Fault injection needs a reproducible, seeded source, not a secure one.
                if (rule.Rate >= 1 || _random.NextDouble() < rule.Rate)
#pragma warning restore CA5394
                {
                    _faultCounts[rule] = used + 1;
                    return rule;
                }
            }
        }

        return null;
    }
}
