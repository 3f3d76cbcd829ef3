namespace AttachFunctions.Infrastructure.Resilience;

/// <summary>Settings of the Polly pipelines (bound from configuration section <c>Resilience</c>).</summary>
public sealed class ResilienceOptions
{
    /// <summary>How long one Kubernetes API call may take.</summary>
    public TimeSpan KubernetesAttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a Kubernetes call may take including its retries.</summary>
    public TimeSpan KubernetesTotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public int KubernetesMaxRetries { get; set; } = 4;

    public TimeSpan KubernetesRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The circuit opens when this share of calls fail in the sampling window...</summary>
    public double KubernetesCircuitFailureRatio { get; set; } = 0.5;

    /// <summary>...among at least this many calls...</summary>
    public int KubernetesCircuitMinimumThroughput { get; set; } = 8;

    public TimeSpan KubernetesCircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>...and stays open this long.</summary>
    public TimeSpan KubernetesCircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a role assignment for a new principal is retried while RBAC reports PrincipalNotFound.</summary>
    public TimeSpan PrincipalReplicationDeadline { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan PrincipalReplicationFirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan PrincipalReplicationMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    public void Validate()
    {
        if (KubernetesAttemptTimeout <= TimeSpan.Zero || KubernetesTotalTimeout < KubernetesAttemptTimeout)
        {
            throw new InvalidOperationException("Resilience:KubernetesTotalTimeout must be at least Resilience:KubernetesAttemptTimeout, and both positive.");
        }

        if (KubernetesCircuitFailureRatio is <= 0 or > 1)
        {
            throw new InvalidOperationException("Resilience:KubernetesCircuitFailureRatio must be in (0, 1].");
        }

        if (PrincipalReplicationDeadline <= TimeSpan.Zero || PrincipalReplicationFirstDelay <= TimeSpan.Zero ||
            PrincipalReplicationMaxDelay < PrincipalReplicationFirstDelay)
        {
            throw new InvalidOperationException("Resilience:PrincipalReplication* must be positive, with MaxDelay ≥ FirstDelay.");
        }
    }
}
