namespace AttachFunctions.Core.Clusters;

/// <summary>What the automation knows of a cluster when it matches the policy: its id, location and tags.</summary>
public sealed record ClusterInfo(ClusterId Id, string Location, IReadOnlyDictionary<string, string> Tags)
{
    public ClusterKind Kind => Id.Kind;
}
