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
    private static readonly ResiliencePropertyKey<long> FirstForbiddenAt = new("kubernetes-first-forbidden-at");

    public static ResiliencePipelineRegistry<string> CreateRegistry(ResilienceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var registry = new ResiliencePipelineRegistry<string>();
        registry.TryAddBuilder(ResiliencePipelineNames.Kubernetes, (builder, _) => BuildKubernetes(builder, options, time));
        registry.TryAddBuilder(ResiliencePipelineNames.KubernetesPermissionPropagation, (builder, _) => BuildKubernetesPermission(builder, options, time));
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

    /// <summary>
    /// A Kubernetes 403 Forbidden (never an ARM 403: the classifier tells them apart) is retried until
    /// <see cref="ResilienceOptions.KubernetesPermissionPropagationDeadline"/> after the first one; then it propagates.
    /// </summary>
    private static void BuildKubernetesPermission(ResiliencePipelineBuilder builder, ResilienceOptions o, TimeProvider time)
    {
        builder.TimeProvider = time;
        builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args =>
            {
                if (args.Outcome.Exception is not { } ex || !ErrorClassifier.IsKubernetesPermissionDenied(ex))
                {
                    return ValueTask.FromResult(false);
                }

                if (!args.Context.Properties.TryGetValue(FirstForbiddenAt, out var first))
                {
                    first = time.GetTimestamp();
                    args.Context.Properties.Set(FirstForbiddenAt, first);
                }

                return ValueTask.FromResult(time.GetElapsedTime(first) < o.KubernetesPermissionPropagationDeadline);
            },
            MaxRetryAttempts = int.MaxValue,
            Delay = o.KubernetesPermissionRetryFirstDelay,
            MaxDelay = o.KubernetesPermissionRetryMaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        });
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
