namespace AttachFunctions.Infrastructure.Resilience;

/// <summary>The names of the product's Polly pipelines, defined once in <see cref="AttachResiliencePipelines"/>.</summary>
public static class ResiliencePipelineNames
{
    /// <summary>Kubernetes API calls: total timeout → retry with jitter → circuit breaker → attempt timeout.</summary>
    public const string Kubernetes = "kubernetes";

    /// <summary>Kubernetes calls answered 403 Forbidden: retried with backoff while a new grant propagates, until a deadline.</summary>
    public const string KubernetesPermissionPropagation = "kubernetes-permission-propagation";

    /// <summary>Role assignments to a new principal: exponential backoff with jitter on PrincipalNotFound until a deadline.</summary>
    public const string PrincipalReplication = "principal-replication";
}
