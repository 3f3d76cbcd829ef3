using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Infrastructure.Errors;
using Polly.CircuitBreaker;

namespace AttachFunctions.Core.Tests.Errors;

public sealed class ErrorClassifierTests
{
    [Theory]
    [InlineData(429, "TooManyRequests", ErrorClass.Retryable)]
    [InlineData(429, null, ErrorClass.Retryable)]
    [InlineData(503, "ServiceUnavailable", ErrorClass.Retryable)]
    [InlineData(500, "SomethingNew", ErrorClass.Retryable)]
    [InlineData(400, "PrincipalNotFound", ErrorClass.RetryableSlow)]
    [InlineData(403, "AuthorizationFailed", ErrorClass.RetryableSlow)]
    [InlineData(409, "AnotherOperationInProgress", ErrorClass.Retryable)]
    [InlineData(400, "InvalidParameter", ErrorClass.Fatal)]
    [InlineData(400, "BadRequest", ErrorClass.Fatal)]
    [InlineData(403, "RequestDisallowedByPolicy", ErrorClass.Fatal)]
    [InlineData(400, "RoleAssignmentLimitExceeded", ErrorClass.Fatal)]
    [InlineData(400, "SomethingNew", ErrorClass.Fatal)]
    [InlineData(404, "SubscriptionNotFound", ErrorClass.Fatal)]
    public void ClassifyArm_ByStatusAndCode_MatchesTable(int status, string? code, ErrorClass expected)
    {
        Assert.Equal(expected, ErrorClassifier.Classify(new ArmRequestException(status, code ?? "", "any message")).Class);
    }

    [Fact]
    public void ClassifyArm_MessageText_IsNeverMatched()
    {
        // The same code with a message that mentions another error must classify by code alone.
        var ex = new ArmRequestException(400, "InvalidParameter", "PrincipalNotFound: replication delay, retry later");

        Assert.Equal(ErrorClass.Fatal, ErrorClassifier.Classify(ex).Class);
    }

    [Theory]
    [InlineData(409, "Conflict", ErrorClass.Retryable)]
    [InlineData(409, "AlreadyExists", ErrorClass.Fatal)]
    [InlineData(503, "ServiceUnavailable", ErrorClass.Retryable)]
    [InlineData(403, "Forbidden", ErrorClass.RetryableSlow)]
    [InlineData(401, "Unauthorized", ErrorClass.Fatal)]
    [InlineData(422, "Invalid", ErrorClass.Fatal)]
    public void ClassifyKubernetes_ByStatusAndReason_MatchesTable(int status, string reason, ErrorClass expected)
    {
        Assert.Equal(expected, ErrorClassifier.Classify(new KubernetesRequestException(status, reason, "m")).Class);
    }

    [Fact]
    public void Classify_TransportFailures_AreRetryable()
    {
        Assert.Equal(ErrorClass.Retryable, ErrorClassifier.Classify(new HttpRequestException("reset")).Class);
        Assert.Equal(ErrorClass.Retryable, ErrorClassifier.Classify(new TimeoutException()).Class);
        Assert.Equal(ErrorClass.Retryable, ErrorClassifier.Classify(new BrokenCircuitException()).Class);
    }

    [Fact]
    public void Classify_DiagnosedException_KeepsItsClass()
    {
        var ex = new DiagnosedException(new Diagnosis(DiagnosisCodes.NamespaceTerminating, "m", "f"), ErrorClass.RetryableSlow);

        var verdict = ErrorClassifier.Classify(ex);

        Assert.Equal(ErrorClass.RetryableSlow, verdict.Class);
        Assert.Equal(DiagnosisCodes.NamespaceTerminating, verdict.Reason);
    }

    [Fact]
    public void Classify_ProgrammingError_IsFatal()
    {
        Assert.Equal(ErrorClass.Fatal, ErrorClassifier.Classify(new InvalidOperationException("bug")).Class);
    }

    [Fact]
    public void Classify_AzureRequestFailed_UsesErrorCode()
    {
        var ex = new Azure.RequestFailedException(400, "x", "PrincipalNotFound", null);

        Assert.Equal(ErrorClass.RetryableSlow, ErrorClassifier.Classify(ex).Class);
    }

    [Fact]
    public void Classify_RetriesExhaustedOnTransportErrors_IsRetryable()
    {
        var exhausted = new AggregateException("Retry failed after 4 tries.", new HttpRequestException("reset"), new HttpRequestException("reset"), new TimeoutException());

        Assert.Equal(ErrorClass.Retryable, ErrorClassifier.Classify(exhausted).Class);
    }

    [Fact]
    public void Classify_SeveralFatalFailures_IsFatal()
    {
        var all = new AggregateException(new ArmRequestException(400, "InvalidParameter", "a"), new ArmRequestException(400, "BadRequest", "b"));

        Assert.Equal(ErrorClass.Fatal, ErrorClassifier.Classify(all).Class);
    }
}
