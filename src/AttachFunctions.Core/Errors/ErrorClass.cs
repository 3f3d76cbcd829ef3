namespace AttachFunctions.Core.Errors;

/// <summary>How a failure is handled by every retry layer (Polly, durable retry policies, the drift timer).</summary>
public enum ErrorClass
{
    /// <summary>Brief and transient (timeouts, 5xx, throttling): retry soon with backoff.</summary>
    Retryable,

    /// <summary>Transient but slow to clear (RBAC replication, a namespace terminating, an extension installing): retry over minutes.</summary>
    RetryableSlow,

    /// <summary>Will not heal by retrying (bad request, missing permission by policy, foreign namespace): stop and report a diagnosis.</summary>
    Fatal,
}
