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
    /// <summary>
    /// The policy's narrowing of which workspace identities may receive cluster-level roles for this attachment
    /// (<c>workspaceIdentityPrincipalIds</c>); null when the policy leaves it to the deployment's setting alone.
    /// </summary>
    public IReadOnlyList<string>? WorkspaceIdentityPrincipalIds { get; init; }

    /// <summary><c>{workspace}/{compute}</c>, unique per cluster.</summary>
    public string Key => $"{Workspace.Name}/{ComputeName}";

    public string ComputeId => Workspace.ComputeId(ComputeName);
}
