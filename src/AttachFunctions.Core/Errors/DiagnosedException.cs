using AttachFunctions.Core.Diagnostics;

namespace AttachFunctions.Core.Errors;

/// <summary>A failure the product has already explained: it carries its diagnosis and how to handle it.</summary>
public sealed class DiagnosedException : Exception
{
    public DiagnosedException(Diagnosis diagnosis, ErrorClass errorClass, Exception? inner = null)
        : base(diagnosis.ToString(), inner)
    {
        Diagnosis = diagnosis;
        ErrorClass = errorClass;
    }

    public DiagnosedException()
        : this(new Diagnosis(DiagnosisCodes.RequestRejected, "unknown", "none"), ErrorClass.Fatal)
    {
    }

    public DiagnosedException(string message)
        : this(new Diagnosis(DiagnosisCodes.RequestRejected, message, "none"), ErrorClass.Fatal)
    {
    }

    public DiagnosedException(string message, Exception innerException)
        : this(new Diagnosis(DiagnosisCodes.RequestRejected, message, "none"), ErrorClass.Fatal, innerException)
    {
    }

    public Diagnosis Diagnosis { get; }

    public ErrorClass ErrorClass { get; }
}
