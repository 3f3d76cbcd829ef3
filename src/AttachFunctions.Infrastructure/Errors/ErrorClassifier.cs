using AttachFunctions.Core.Errors;
using Azure;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace AttachFunctions.Infrastructure.Errors;

/// <summary>
/// The one error classifier. Polly's <c>ShouldHandle</c>, the durable retry policies' <c>HandleFailure</c> and the
/// reports all ask it, so a failure is treated the same way by every layer. ARM errors are matched on
/// <c>error.code</c> and HTTP status, never on message text. The code table follows Azure Service Operator's ARM
/// error classification (retryable: AuthorizationFailed, PrincipalNotFound, Conflict, AnotherOperationInProgress,
/// ResourceGroupNotFound; fatal: BadRequest, InvalidParameter, RequestDisallowedByPolicy, SubscriptionNotFound;
/// ScopeLocked slow), adapted to minute-scale RBAC replication.
/// </summary>
public static class ErrorClassifier
{
    private static readonly Dictionary<string, ErrorClass> ArmCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TooManyRequests"] = ErrorClass.Retryable,
        ["Conflict"] = ErrorClass.Retryable,
        ["AnotherOperationInProgress"] = ErrorClass.Retryable,
        ["RetryableErrorDueToAnotherOperation"] = ErrorClass.Retryable,
        ["OperationNotAllowed"] = ErrorClass.Fatal,
        ["InternalServerError"] = ErrorClass.Retryable,
        ["ServiceUnavailable"] = ErrorClass.Retryable,
        ["GatewayTimeout"] = ErrorClass.Retryable,
        ["PrincipalNotFound"] = ErrorClass.RetryableSlow,
        ["AuthorizationFailed"] = ErrorClass.RetryableSlow,
        ["ResourceGroupNotFound"] = ErrorClass.RetryableSlow,
        ["ScopeLocked"] = ErrorClass.RetryableSlow,
        ["BadRequest"] = ErrorClass.Fatal,
        ["InvalidParameter"] = ErrorClass.Fatal,
        ["InvalidRequestContent"] = ErrorClass.Fatal,
        ["InvalidResourceType"] = ErrorClass.Fatal,
        ["RequestDisallowedByPolicy"] = ErrorClass.Fatal,
        ["SubscriptionNotFound"] = ErrorClass.Fatal,
        ["LinkedAuthorizationFailed"] = ErrorClass.Fatal,
        ["RoleAssignmentLimitExceeded"] = ErrorClass.Fatal,
        ["RoleAssignmentUpdateNotPermitted"] = ErrorClass.Fatal,
        ["ResourceNotFound"] = ErrorClass.Fatal,
        ["NotFound"] = ErrorClass.Fatal,
    };

    /// <summary>Classifies any exception raised by a gateway or an ensure-step.</summary>
    public static ErrorClassification Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            DiagnosedException d => new(d.ErrorClass, d.Diagnosis.Code),
            ArmRequestException arm => ClassifyArm(arm.Status, arm.Code),
            RequestFailedException rfe => ClassifyArm(rfe.Status, rfe.ErrorCode),
            KubernetesRequestException k8s => ClassifyKubernetes(k8s.Status, k8s.Reason),
            BrokenCircuitException => new(ErrorClass.Retryable, "circuit open"),
            TimeoutRejectedException => new(ErrorClass.Retryable, "attempt timed out"),
            RateLimiterRejectedException => new(ErrorClass.Retryable, "rate limited locally"),
            TimeoutException => new(ErrorClass.Retryable, "timeout"),
            HttpRequestException => new(ErrorClass.Retryable, "network error"),
            IOException => new(ErrorClass.Retryable, "I/O error"),
            TaskCanceledException => new(ErrorClass.Retryable, "request timed out"),
            AggregateException agg when agg.InnerExceptions.Count > 0 => ClassifyAll(agg.InnerExceptions),
            _ => new(ErrorClass.Fatal, $"unexpected {exception.GetType().Name}"),
        };
    }

    /// <summary>
    /// Several failures at once (Azure.Core gives up after its retries with one inner exception per attempt): worth
    /// retrying later if any of them is, soon rather than slowly when any is briefly transient.
    /// </summary>
    private static ErrorClassification ClassifyAll(IEnumerable<Exception> inner)
    {
        var verdicts = inner.Select(Classify).ToList();
        var summary = $"{verdicts.Count} attempts failed, last: {verdicts[^1].Reason}";
        if (verdicts.Exists(v => v.Class == ErrorClass.Retryable))
        {
            return new(ErrorClass.Retryable, summary);
        }

        return verdicts.Exists(v => v.Class == ErrorClass.RetryableSlow) ? new(ErrorClass.RetryableSlow, summary) : verdicts[^1];
    }

    /// <summary>Classifies an ARM failure by HTTP status and <c>error.code</c>.</summary>
    public static ErrorClassification ClassifyArm(int status, string? code)
    {
        if (status == 429)
        {
            return new(ErrorClass.Retryable, "throttled (429)");
        }

        if (!string.IsNullOrEmpty(code) && ArmCodes.TryGetValue(code, out var known))
        {
            return new(known, code);
        }

        return status switch
        {
            0 or 408 => new(ErrorClass.Retryable, $"{status} {code}"),
            >= 500 => new(ErrorClass.Retryable, $"{status} {code}"),
            401 => new(ErrorClass.Retryable, $"{status} {code}"),
            403 => new(ErrorClass.RetryableSlow, $"{status} {code}"),
            409 => new(ErrorClass.Retryable, $"{status} {code}"),
            _ => new(ErrorClass.Fatal, $"{status} {code}"),
        };
    }

    /// <summary>
    /// Classifies the error of an AKS managed-namespace operation that ended Failed (it has no HTTP status of its own):
    /// a code of the ARM table keeps its class (Conflict, AnotherOperationInProgress, InternalServerError heal with
    /// time); any other code is fatal, so an unknown failure ends with its diagnosis instead of a retry loop.
    /// </summary>
    public static ErrorClassification ClassifyManagedNamespaceOperation(string? code) =>
        !string.IsNullOrEmpty(code) && ArmCodes.TryGetValue(code, out var known) && known != ErrorClass.Fatal
            ? new(known, code)
            : new(ErrorClass.Fatal, code ?? "operation failed");

    /// <summary>
    /// A Kubernetes API server's 403 Forbidden: its RBAC (Kubernetes RBAC, or Azure RBAC for Kubernetes Authorization)
    /// does not allow the verb to the caller, perhaps not yet (a new grant takes minutes). An ARM 403
    /// (<see cref="ArmRequestException"/>, <c>AuthorizationFailed</c>) is never this.
    /// </summary>
    public static bool IsKubernetesPermissionDenied(Exception exception) =>
        exception is KubernetesRequestException { Status: 403 } k8s && string.Equals(k8s.Reason, "Forbidden", StringComparison.Ordinal);

    /// <summary>Classifies a Kubernetes API failure by status code and <c>Status.reason</c>.</summary>
    public static ErrorClassification ClassifyKubernetes(int status, string? reason) => status switch
    {
        409 when string.Equals(reason, "Conflict", StringComparison.Ordinal) => new(ErrorClass.Retryable, "resourceVersion conflict"),
        409 => new(ErrorClass.Fatal, reason ?? "AlreadyExists"),
        429 or 0 or 408 or >= 500 => new(ErrorClass.Retryable, $"{status} {reason}"),
        403 when string.Equals(reason, "Forbidden", StringComparison.Ordinal) => new(ErrorClass.RetryableSlow, "Kubernetes RBAC forbids it (a new grant takes minutes to apply)"),
        401 => new(ErrorClass.Fatal, "401 the Kubernetes API server does not accept the credential"),
        403 => new(ErrorClass.Fatal, $"{status} {reason}"),
        _ => new(ErrorClass.Fatal, $"{status} {reason}"),
    };
}
