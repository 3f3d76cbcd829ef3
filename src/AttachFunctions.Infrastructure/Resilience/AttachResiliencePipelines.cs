using AttachFunctions.Core.Errors;
using AttachFunctions.Infrastructure.Errors;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace AttachFunctions.Infrastructure.Resilience;

/// <summary>
/// Defines the product's Polly pipelines once, by name. ARM calls get no Polly retry: Azure.Core already retries
/// 408/429/5xx with Retry-After, and stacking another generic retry multiplies attempts. Polly covers what Azure.Core
/// does not: PrincipalNotFound (a 400 that heals over minutes) and the Kubernetes API. Every <c>ShouldHandle</c> asks
/// the one <see cref="ErrorClassifier"/>.
/// </summary>
public static class AttachResiliencePipelines
{
    public static ResiliencePipelineRegistry<string> CreateRegistry(ResilienceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var registry = new ResiliencePipelineRegistry<string>();
        registry.TryAddBuilder(ResiliencePipelineNames.Kubernetes, (builder, _) => BuildKubernetes(builder, options, time));
        registry.TryAddBuilder(ResiliencePipelineNames.PrincipalReplication, (builder, _) => BuildPrincipalReplication(builder, options, time));
        return registry;
    }

    internal static bool IsPrincipalNotFound(Exception ex) =>
        ex is ArmRequestException { Code: "PrincipalNotFound" } || ex is Azure.RequestFailedException { ErrorCode: "PrincipalNotFound" };

    /// <summary>Worth another attempt now: transient per the classifier, but not an open circuit or a caller's cancellation.</summary>
    internal static bool IsTransient(Exception ex) =>
        ex is TimeoutRejectedException ||
        (ex is not BrokenCircuitException && ex is not OperationCanceledException && ErrorClassifier.Classify(ex).Class == ErrorClass.Retryable);

    private static void BuildKubernetes(ResiliencePipelineBuilder builder, ResilienceOptions o, TimeProvider time)
    {
        builder.TimeProvider = time;
        var transient = new PredicateBuilder().Handle<Exception>(IsTransient);
        builder
            .AddTimeout(o.KubernetesTotalTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = o.KubernetesMaxRetries,
                Delay = o.KubernetesRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = o.KubernetesCircuitFailureRatio,
                MinimumThroughput = o.KubernetesCircuitMinimumThroughput,
                SamplingDuration = o.KubernetesCircuitSamplingDuration,
                BreakDuration = o.KubernetesCircuitBreakDuration,
            })
            .AddTimeout(o.KubernetesAttemptTimeout);
    }

    private static void BuildPrincipalReplication(ResiliencePipelineBuilder builder, ResilienceOptions o, TimeProvider time)
    {
        builder.TimeProvider = time;
        builder
            .AddTimeout(o.PrincipalReplicationDeadline)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsPrincipalNotFound),
                MaxRetryAttempts = int.MaxValue,
                Delay = o.PrincipalReplicationFirstDelay,
                MaxDelay = o.PrincipalReplicationMaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
    }
}
