namespace AttachFunctions.Core.Errors;

/// <summary>The verdict of <see cref="ErrorClassifier"/>: how to handle a failure and a short reason for logs and reports.</summary>
public readonly record struct ErrorClassification(ErrorClass Class, string Reason)
{
    public bool IsRetryable => Class != ErrorClass.Fatal;
}
