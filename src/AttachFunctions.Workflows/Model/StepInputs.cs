namespace AttachFunctions.Workflows.Model;

/// <summary>Identifies one attachment of a cluster; the activity re-reads the cluster and the policy to act on the current truth.</summary>
public sealed record AttachmentStepInput(string ClusterId, string AttachmentKey);

/// <summary>The compute-grant step needs the principal the compute step found.</summary>
public sealed record ComputeGrantsInput(string ClusterId, string AttachmentKey, string? PrincipalId);

/// <summary>The input of one <c>AttachOne</c> sub-orchestration.</summary>
public sealed record AttachOneInput(string ClusterId, string AttachmentKey, ReconcileSettings Settings);

/// <summary>The input of one <c>CleanupCluster</c> sub-orchestration.</summary>
public sealed record CleanupInput(string ClusterId, ReconcileSettings Settings);

/// <summary>One compute to detach: the workspace id and the compute name.</summary>
public sealed record DetachInput(string WorkspaceId, string ComputeName);

/// <summary>A detach the cleanup plan calls for (or keeps, per the policy).</summary>
public sealed record CleanupItem(string WorkspaceId, string ComputeName, bool Detach, string Reason);

/// <summary>The compute step's outcome and the compute identity's principal.</summary>
public sealed record ComputeStepOutput(Core.Planning.StepOutcome Outcome, string? PrincipalId);

/// <summary>The input of the fleet drift repair.</summary>
/// <param name="BatchSize">Clusters whose runs are started (or re-checked) and awaited together.</param>
/// <param name="Settings">The settings of the runs the drift run starts (it polls them at the extension poll cadence).</param>
public sealed record DriftRepairInput(int BatchSize, ReconcileSettings Settings)
{
    /// <summary>How long one batch waits for its clusters' runs; a run still going then is counted as failed.</summary>
    public TimeSpan RunWait { get; init; } = TimeSpan.FromHours(1);
}
