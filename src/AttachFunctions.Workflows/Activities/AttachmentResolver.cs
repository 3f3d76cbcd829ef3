using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure;

namespace AttachFunctions.Workflows.Activities;

/// <summary>
/// Re-derives one desired attachment from the current truth (the cluster as ARM returns it now, and the policy), so
/// every step acts on what is true when it runs, not on what was true when the run was planned.
/// </summary>
public sealed class AttachmentResolver
{
    private readonly AttachPolicy _policy;
    private readonly AttachRuntime _runtime;

    public AttachmentResolver(AttachPolicy policy, AttachRuntime runtime)
    {
        _policy = policy;
        _runtime = runtime;
    }

    public async Task<(ClusterInfo Cluster, DesiredAttachment Attachment)> ResolveAsync(string clusterId, string key, CancellationToken ct)
    {
        var id = ClusterId.Parse(clusterId);
        var cluster = await _runtime.Arm.GetClusterAsync(id, ct) ?? throw new DiagnosedException(Diagnoses.ClusterNotFound(id), ErrorClass.Fatal);
        var info = cluster.ToInfo();
        var desired = DesiredStateBuilder.Build(_policy, info);
        if (desired.Blockers.Count > 0)
        {
            throw new DiagnosedException(desired.Blockers[0], ErrorClass.Fatal);
        }

        var attachment = desired.Attachments.FirstOrDefault(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase))
            ?? throw new DiagnosedException(Diagnoses.AttachmentNoLongerDesired(key, id), ErrorClass.Fatal);
        return (info, attachment);
    }

    /// <summary>The attachment's workspace as ARM returns it now.</summary>
    public async Task<ArmWorkspace> WorkspaceAsync(DesiredAttachment attachment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return await _runtime.Arm.GetWorkspaceAsync(attachment.Workspace, ct) ?? throw new DiagnosedException(Diagnoses.WorkspaceNotFound(attachment.Workspace), ErrorClass.Fatal);
    }

    /// <summary>The Relay namespace of an Arc cluster's resource group (only needed for user-assigned workspace identities).</summary>
    public async Task<string?> RelayNamespaceAsync(DesiredAttachment attachment, ArmWorkspace workspace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ArgumentNullException.ThrowIfNull(workspace);
        if (attachment.Cluster.Kind != ClusterKind.Arc || !workspace.UsesUserAssignedIdentity)
        {
            return null;
        }

        var relays = await _runtime.Arm.ListRelayNamespacesAsync(attachment.Cluster.SubscriptionId, attachment.Cluster.ResourceGroup, ct);
        return relays.Order(StringComparer.OrdinalIgnoreCase).FirstOrDefault();
    }
}
