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
        : this(Diagnoses.Rejected("unknown"), ErrorClass.Fatal)
    {
    }

    public DiagnosedException(string message)
        : this(Diagnoses.Rejected(message), ErrorClass.Fatal)
    {
    }

    public DiagnosedException(string message, Exception innerException)
        : this(Diagnoses.Rejected(message), ErrorClass.Fatal, innerException)
    {
    }

    public Diagnosis Diagnosis { get; }

    public ErrorClass ErrorClass { get; }
}
