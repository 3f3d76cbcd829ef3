using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Reconciliation;

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

    /// <summary>
    /// The Relay namespace the Arc cluster's own Azure ML extension uses (only needed for user-assigned workspace
    /// identities); null when the extension names none or it does not exist.
    /// </summary>
    public async Task<string?> RelayNamespaceAsync(DesiredAttachment attachment, ArmWorkspace workspace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ArgumentNullException.ThrowIfNull(workspace);
        if (attachment.Cluster.Kind != ClusterKind.Arc || !workspace.UsesUserAssignedIdentity)
        {
            return null;
        }

        var extensions = await _runtime.Arm.ListExtensionsAsync(attachment.Cluster, ct);
        var ml = extensions.Where(e => e.IsAzureMl).OrderByDescending(e => e.IsSucceeded).FirstOrDefault();
        return await RelayDiscovery.FindAsync(ml, (sub, rg) => _runtime.Arm.ListRelayNamespacesAsync(sub, rg, ct));
    }
}
