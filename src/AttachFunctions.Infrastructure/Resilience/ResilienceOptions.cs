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

    /// <summary>
    /// How long a Kubernetes 403 Forbidden is retried before it is reported as a missing permission: a new Azure RBAC
    /// for Kubernetes role assignment (or ClusterRoleBinding) takes minutes to apply (Microsoft Learn, "Use Azure
    /// role-based access control for Kubernetes Authorization": role assignments can take a few minutes to propagate).
    /// </summary>
    public TimeSpan KubernetesPermissionPropagationDeadline { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan KubernetesPermissionRetryFirstDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan KubernetesPermissionRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (KubernetesPermissionPropagationDeadline < TimeSpan.Zero || KubernetesPermissionPropagationDeadline > TimeSpan.FromMinutes(30) ||
            KubernetesPermissionRetryFirstDelay <= TimeSpan.Zero || KubernetesPermissionRetryMaxDelay < KubernetesPermissionRetryFirstDelay)
        {
            throw new InvalidOperationException(
                $"Resilience:KubernetesPermissionPropagationDeadline must be between 0 and 30 minutes (got {KubernetesPermissionPropagationDeadline}), and Resilience:KubernetesPermissionRetry* positive with MaxDelay ≥ FirstDelay.");
        }

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
