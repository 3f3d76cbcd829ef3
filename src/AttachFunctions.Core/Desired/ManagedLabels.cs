namespace AttachFunctions.Core.Desired;

/// <summary>The labels and annotations the automation puts on namespaces it owns.</summary>
public static class ManagedLabels
{
    /// <summary>The standard Kubernetes label naming the tool that manages an object.</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>Our value of <see cref="ManagedBy"/>.</summary>
    public const string ManagedByValue = "attachfunctions";

    /// <summary>The workspace the namespace's compute belongs to (single-owner namespaces).</summary>
    public const string Workspace = "attachfunctions.io/workspace";

    /// <summary>The compute attached to the namespace (single-owner namespaces).</summary>
    public const string Compute = "attachfunctions.io/compute";

    /// <summary>Marks a namespace several attachments share.</summary>
    public const string Shared = "attachfunctions.io/shared";

    /// <summary>Annotation listing the attachments (<c>workspace/compute</c>, comma-separated) that use the namespace.</summary>
    public const string AttachmentsAnnotation = "attachfunctions.io/attachments";

    /// <summary>Label and annotation prefixes the policy may not set.</summary>
    public static IReadOnlyList<string> ReservedPrefixes { get; } = ["attachfunctions.io/", "kubernetes.azure.com/"];

    /// <summary>True when a namespace's labels say the automation owns it.</summary>
    public static bool IsOurs(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(ManagedBy, out var value) && string.Equals(value, ManagedByValue, StringComparison.Ordinal);
}
