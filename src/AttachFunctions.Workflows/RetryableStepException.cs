using System.Text.Json;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;

namespace AttachFunctions.Workflows;

/// <summary>
/// Thrown by an activity when the shared classifier says its failure heals with time. It is the only exception type
/// the durable retry policies retry; its message is the diagnosis as JSON, so the orchestration can report it when
/// the retries run out.
/// </summary>
public sealed class RetryableStepException : Exception
{
    public RetryableStepException(Diagnosis diagnosis, ErrorClass errorClass, Exception? inner = null)
        : base(JsonSerializer.Serialize(new DiagnosisEnvelope(diagnosis.Code, diagnosis.Message, diagnosis.Fix, errorClass.ToString())), inner)
    {
        Diagnosis = diagnosis;
        ErrorClass = errorClass;
    }

    public RetryableStepException()
        : this(Diagnoses.Transient("transient failure"), ErrorClass.Retryable)
    {
    }

    public RetryableStepException(string message)
        : this(Diagnoses.Transient(message), ErrorClass.Retryable)
    {
    }

    public RetryableStepException(string message, Exception innerException)
        : this(Diagnoses.Transient(message), ErrorClass.Retryable, innerException)
    {
    }

    public Diagnosis Diagnosis { get; }

    public ErrorClass ErrorClass { get; }

    /// <summary>Reads the diagnosis back from a failure message (the activity ran in another process).</summary>
    public static Diagnosis DiagnosisFrom(string? message, string fallbackDetail)
    {
        if (!string.IsNullOrEmpty(message) && message.StartsWith('{'))
        {
            try
            {
                var envelope = JsonSerializer.Deserialize<DiagnosisEnvelope>(message);
                if (envelope is not null && !string.IsNullOrEmpty(envelope.Code))
                {
                    return Diagnoses.Carried(envelope.Code, envelope.Message, envelope.Fix);
                }
            }
            catch (JsonException)
            {
                // Not ours: fall through to the generic diagnosis.
            }
        }

        return Diagnoses.StepKeptFailing(fallbackDetail);
    }

    private sealed record DiagnosisEnvelope(string Code, string Message, string Fix, string Class);
}
