using AttachFunctions.Core.Errors;
using AttachFunctions.Infrastructure.Resilience;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;

namespace AttachFunctions.Core.Tests.Resilience;

public sealed class ResiliencePipelineTests
{
    private static readonly ResilienceOptions Options = new()
    {
        PrincipalReplicationFirstDelay = TimeSpan.FromSeconds(2),
        PrincipalReplicationMaxDelay = TimeSpan.FromSeconds(30),
        PrincipalReplicationDeadline = TimeSpan.FromMinutes(5),
    };

    [Fact]
    public void KubernetesPipeline_Composition_TotalTimeoutRetryCircuitBreakerAttemptTimeout()
    {
        using var registry = AttachResiliencePipelines.CreateRegistry(new ResilienceOptions(), TimeProvider.System);

        var descriptor = registry.GetPipeline(ResiliencePipelineNames.Kubernetes).GetPipelineDescriptor();

        Assert.Collection(
            descriptor.Strategies,
            s => Assert.Equal(TimeSpan.FromSeconds(60), Assert.IsType<TimeoutStrategyOptions>(s.Options).Timeout),
            s => Assert.Equal(4, Assert.IsType<RetryStrategyOptions>(s.Options).MaxRetryAttempts),
            s => Assert.IsType<CircuitBreakerStrategyOptions>(s.Options),
            s => Assert.Equal(TimeSpan.FromSeconds(10), Assert.IsType<TimeoutStrategyOptions>(s.Options).Timeout));
    }

    [Fact]
    public async Task PrincipalReplication_PrincipalNotFoundForMinutes_RetriesOnTheFakeClockUntilItReplicates()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var registry = AttachResiliencePipelines.CreateRegistry(Options, time);
        var pipeline = registry.GetPipeline(ResiliencePipelineNames.PrincipalReplication);
        var replicatesAt = time.GetUtcNow() + TimeSpan.FromMinutes(2);
        var attempts = 0;

        var run = pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            if (time.GetUtcNow() < replicatesAt)
            {
                throw new ArmRequestException(400, "PrincipalNotFound", "Principal does not exist in the directory.");
            }

            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken).AsTask();

        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        await run;
        Assert.True(time.GetUtcNow() >= replicatesAt);
        // Exponential backoff capped at 30 s: a handful of attempts over two minutes, not one per second.
        Assert.InRange(attempts, 2, 15);
    }

    [Fact]
    public async Task PrincipalReplication_NeverReplicates_GivesUpAtTheDeadline()
    {
        var time = new FakeTimeProvider();
        using var registry = AttachResiliencePipelines.CreateRegistry(Options, time);
        var pipeline = registry.GetPipeline(ResiliencePipelineNames.PrincipalReplication);
        var started = time.GetUtcNow();
        var lastAttempt = started;
        var attempts = 0;

        var run = pipeline.ExecuteAsync(
            _ =>
            {
                attempts++;
                lastAttempt = time.GetUtcNow();
                throw new ArmRequestException(400, "PrincipalNotFound", "missing");
            },
            TestContext.Current.CancellationToken).AsTask();
        for (var i = 0; i < 3600 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => run);
        Assert.True(lastAttempt - started <= Options.PrincipalReplicationDeadline, $"last attempt at {lastAttempt - started}");
        Assert.True(lastAttempt - started >= Options.PrincipalReplicationDeadline - Options.PrincipalReplicationMaxDelay, $"last attempt at {lastAttempt - started}");
        Assert.InRange(attempts, 2, 30);
    }

    [Fact]
    public async Task PrincipalReplication_OtherErrors_AreNotRetried()
    {
        using var registry = AttachResiliencePipelines.CreateRegistry(Options, new FakeTimeProvider());
        var attempts = 0;

        await Assert.ThrowsAsync<ArmRequestException>(() => registry.GetPipeline(ResiliencePipelineNames.PrincipalReplication).ExecuteAsync(_ =>
        {
            attempts++;
            throw new ArmRequestException(403, "AuthorizationFailed", "no");
        }, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task KubernetesPipeline_FatalError_IsNotRetried()
    {
        using var registry = AttachResiliencePipelines.CreateRegistry(new ResilienceOptions(), new FakeTimeProvider());
        var attempts = 0;

        await Assert.ThrowsAsync<KubernetesRequestException>(() => registry.GetPipeline(ResiliencePipelineNames.Kubernetes).ExecuteAsync(_ =>
        {
            attempts++;
            throw new KubernetesRequestException(403, "Forbidden", "no");
        }, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(1, attempts);
    }
}
