using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Diagnostics;

namespace AttachFunctions.Core.Desired;

/// <summary>
/// What the policy wants for one cluster. <see cref="Blockers"/> stop the whole cluster (out of scope);
/// <see cref="AttachmentIssues"/> stop single attachments (a name that does not render, AKS across subscriptions).
/// </summary>
public sealed record DesiredClusterState(
    ClusterInfo Cluster,
    string? RuleName,
    IReadOnlyList<DesiredAttachment> Attachments,
    IReadOnlyList<AttachmentIssue> AttachmentIssues,
    IReadOnlyList<Diagnosis> Blockers)
{
    /// <summary>True when a rule matched and the cluster is in scope.</summary>
    public bool IsManaged => RuleName is not null && Blockers.Count == 0;

    /// <summary>The distinct workspaces this cluster is attached to.</summary>
    public IReadOnlyList<WorkspaceRef> Workspaces => Attachments.Select(a => a.Workspace).Distinct().ToArray();
}

/// <summary>An attachment of the matched rule that cannot be built for this cluster, and why.</summary>
public sealed record AttachmentIssue(string Target, Diagnosis Diagnosis);
