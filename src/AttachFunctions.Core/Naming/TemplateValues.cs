namespace AttachFunctions.Core.Naming;

/// <summary>
/// The values a name template can use. <see cref="Team"/> and <see cref="Workspace"/> are known when the policy is
/// validated; <see cref="Cluster"/>, <see cref="ResourceGroup"/> and tags only once a cluster is matched.
/// </summary>
public sealed record TemplateValues
{
    public string? Cluster { get; init; }

    public string? ResourceGroup { get; init; }

    public string? Team { get; init; }

    public string? Workspace { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
