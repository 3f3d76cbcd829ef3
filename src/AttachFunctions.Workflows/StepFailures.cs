using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Planning;
using AttachFunctions.Infrastructure.Errors;

namespace AttachFunctions.Workflows;

/// <summary>
/// Turns a step's exception into what the durable layer needs: retryable per the shared classifier →
/// <see cref="RetryableStepException"/> (the retry policy runs the activity again); fatal → a Failed outcome with its
/// diagnosis, never retried.
/// </summary>
public static class StepFailures
{
    public static async Task<T> GuardAsync<T>(Func<Task<T>> step, Func<Diagnosis, T> failed)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(failed);
        try
        {
            return await step();
        }
        catch (Exception ex) when (ex is not RetryableStepException)
        {
            var classification = ErrorClassifier.Classify(ex);
            var diagnosis = DiagnosisOf(ex, classification);
            if (classification.IsRetryable)
            {
                throw new RetryableStepException(diagnosis, classification.Class, ex);
            }

            return failed(diagnosis);
        }
    }

    /// <summary>The diagnosis of any failure: a diagnosed one carries its own; others are described by status and code.</summary>
    public static Diagnosis DiagnosisOf(Exception ex, ErrorClassification classification) => Diagnoses.FromException(ex, classification);

    public static StepOutcome Failed(StepKind kind, string target, Diagnosis diagnosis) => StepOutcome.Failed(kind, target, diagnosis);
}
