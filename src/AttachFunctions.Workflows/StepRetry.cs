using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask;

namespace AttachFunctions.Workflows;

/// <summary>
/// The durable retry policy of every step activity: only failures the shared classifier called retryable (the
/// activity rethrows them as <see cref="RetryableStepException"/>) are retried, with backoff; fatal ones come back as
/// Failed outcomes and are never retried.
/// </summary>
public static class StepRetry
{
    public static TaskOptions Options(ReconcileSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var first = settings.StepFirstRetry > TimeSpan.Zero ? settings.StepFirstRetry : TimeSpan.FromMilliseconds(1);
        var max = settings.StepMaxRetry >= first ? settings.StepMaxRetry : first;
        var policy = new RetryPolicy(Math.Max(1, settings.StepAttempts), first, backoffCoefficient: 2.0, maxRetryInterval: max)
        {
            HandleFailure = failure => failure.IsCausedBy<RetryableStepException>(),
        };
        return TaskOptions.FromRetryPolicy(policy);
    }
}
