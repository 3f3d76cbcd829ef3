namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>A kubeconfig asks for something the automation never does. Names the field, never its value.</summary>
public sealed class KubeconfigRefusedException : Exception
{
    public KubeconfigRefusedException(string field, string reason)
        : base($"{field}: {reason}")
    {
        Field = field;
        Reason = reason;
    }

    public KubeconfigRefusedException()
        : this("(kubeconfig)", "refused")
    {
    }

    public KubeconfigRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "(kubeconfig)";
        Reason = message;
    }

    /// <summary>Where in the kubeconfig, e.g. <c>users[0].user.exec</c>.</summary>
    public string Field { get; }

    public string Reason { get; }
}
