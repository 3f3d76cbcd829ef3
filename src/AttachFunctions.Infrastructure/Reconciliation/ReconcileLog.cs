using Microsoft.Extensions.Logging;

namespace AttachFunctions.Infrastructure.Reconciliation;

/// <summary>Structured logs of the reconciler: constant templates, no secrets (targets are names and ids only).</summary>
internal static partial class ReconcileLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Reconciling {ClusterId} (dry run {DryRun})")]
    public static partial void Reconciling(ILogger logger, string clusterId, bool dryRun);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Step {Kind} {Target}: {Outcome} ({Detail})")]
    public static partial void StepDone(ILogger logger, Core.Planning.StepKind kind, string target, Core.Planning.StepOutcomeKind outcome, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Step {Kind} {Target} failed: {DiagnosisCode} {Message}")]
    public static partial void StepFailed(ILogger logger, Core.Planning.StepKind kind, string target, string? diagnosisCode, string message);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Reconciled {ClusterId}: {Writes} writes, converged {Converged}")]
    public static partial void Reconciled(ILogger logger, string clusterId, int writes, bool converged);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Role assignment for principal {PrincipalId} waits for replication (PrincipalNotFound), attempt {Attempt}")]
    public static partial void PrincipalNotReplicated(ILogger logger, string principalId, int attempt);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Cluster {ClusterId} blocked: {DiagnosisCode} {Message}")]
    public static partial void Blocked(ILogger logger, string clusterId, string diagnosisCode, string message);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Information, Message = "Step {Kind} {Target} waits for a condition that heals with time: {DiagnosisCode}; the step is retried")]
    public static partial void StepWaiting(ILogger logger, Core.Planning.StepKind kind, string target, string? diagnosisCode);

    [LoggerMessage(EventId = 1061, Level = LogLevel.Warning, Message = "No cluster-level role granted to workspace {Workspace}'s identity: {DiagnosisCode}")]
    public static partial void WorkspaceIdentityRefused(ILogger logger, string workspace, string? diagnosisCode);
}
