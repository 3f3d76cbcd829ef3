using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Policy;

namespace AttachFunctions.Core.Desired;

/// <summary>One compute target the policy wants for a cluster, fully rendered.</summary>
public sealed record DesiredAttachment(
    string RuleName,
    ClusterId Cluster,
    WorkspaceRef Workspace,
    string ComputeName,
    DesiredNamespace Namespace,
    ComputeIdentity Identity,
    string? DefaultInstanceType,
    IReadOnlyDictionary<string, InstanceTypeSpec> InstanceTypes,
    IReadOnlyList<DesiredGrant> ComputeGrants,
    IReadOnlyList<DesiredPrerequisite> WorkspacePrerequisites,
    OnClusterDelete OnClusterDelete)
{
    /// <summary><c>{workspace}/{compute}</c>, unique per cluster.</summary>
    public string Key => $"{Workspace.Name}/{ComputeName}";

    public string ComputeId => Workspace.ComputeId(ComputeName);
}
