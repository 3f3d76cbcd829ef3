namespace AttachFunctions.Core.Errors;

/// <summary>
/// An ARM request failed with an error envelope <c>{"error":{"code","message"}}</c>. Handling matches on
/// <see cref="Status"/> and <see cref="Code"/>, never on the message text.
/// </summary>
public sealed class ArmRequestException : Exception
{
    public ArmRequestException(int status, string code, string message, string? method = null, string? path = null)
        : base($"ARM {method} {path} failed: {status} {code}: {message}")
    {
        Status = status;
        Code = code;
        ArmMessage = message;
        Method = method;
        Path = path;
    }

    public ArmRequestException()
        : this(0, "Unknown", "unknown")
    {
    }

    public ArmRequestException(string message)
        : this(0, "Unknown", message)
    {
    }

    public ArmRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "Unknown";
        ArmMessage = message;
    }

    public int Status { get; }

    public string Code { get; }

    /// <summary>The service's own message (shown to operators, never matched on).</summary>
    public string ArmMessage { get; }

    public string? Method { get; }

    public string? Path { get; }
}
