namespace AttachFunctions.Infrastructure.Arm;

/// <summary>
/// A long-running ARM operation that ended Failed or Canceled, with the error the operation reported. It has no HTTP
/// status of its own: the request that started it was accepted.
/// </summary>
public sealed class ArmOperationFailedException : Exception
{
    public ArmOperationFailedException(string method, string path, LongRunningResult operation)
        : base($"{method} {path} ended {operation?.Status}: {operation?.ErrorCode} {operation?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(operation);
        Method = method;
        Path = path;
        Status = operation.Status;
        Code = operation.ErrorCode ?? operation.Status;
        ErrorMessage = operation.ErrorMessage ?? $"the operation ended {operation.Status} without an error";
    }

    public ArmOperationFailedException()
        : this("?", "?", new LongRunningResult("Failed", null, null))
    {
    }

    public ArmOperationFailedException(string message)
        : base(message)
    {
        Method = Path = Status = Code = ErrorMessage = message;
    }

    public ArmOperationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Method = Path = Status = Code = ErrorMessage = message;
    }

    public string Method { get; }

    public string Path { get; }

    /// <summary>Failed or Canceled.</summary>
    public string Status { get; }

    /// <summary>The operation's <c>error.code</c> (its status when it gave none).</summary>
    public string Code { get; }

    /// <summary>The operation's <c>error.message</c>.</summary>
    public string ErrorMessage { get; }
}
