namespace AttachFunctions.Core.Errors;

/// <summary>A Kubernetes API call failed with a <c>Status</c> object (<see cref="Reason"/> such as AlreadyExists, Conflict, Forbidden).</summary>
public sealed class KubernetesRequestException : Exception
{
    public KubernetesRequestException(int status, string reason, string message, Exception? inner = null)
        : base($"Kubernetes API failed: {status} {reason}: {message}", inner)
    {
        Status = status;
        Reason = reason;
    }

    public KubernetesRequestException()
        : this(0, "Unknown", "unknown")
    {
    }

    public KubernetesRequestException(string message)
        : this(0, "Unknown", message)
    {
    }

    public KubernetesRequestException(string message, Exception innerException)
        : this(0, "Unknown", message, innerException)
    {
    }

    public int Status { get; }

    public string Reason { get; }
}
