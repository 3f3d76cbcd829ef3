using Microsoft.Extensions.Logging;

namespace AttachFunctions.Workflows;

/// <summary>The orchestrations' log messages (constant templates; written through replay-safe loggers).</summary>
public static partial class WorkflowLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "ReconcileCluster run {InstanceId} for {ClusterId} started (generation {Generation}, trigger {Trigger}, dry run {DryRun})")]
    public static partial void RunStarted(ILogger logger, string instanceId, string clusterId, int generation, string trigger, bool dryRun);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "ReconcileCluster run {InstanceId} for {ClusterId} ended: {Result}, {Writes} writes")]
    public static partial void RunEnded(ILogger logger, string instanceId, string clusterId, string result, int writes);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "The ML extension of {ClusterId} is still installing; checking again in {Delay}")]
    public static partial void WaitingForExtension(ILogger logger, string clusterId, TimeSpan delay);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "A newer event for {ClusterId} arrived during run {InstanceId}; continuing as generation {Generation}")]
    public static partial void Rechecking(ILogger logger, string clusterId, string instanceId, int generation);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Step {Step} of {Attachment} failed after its retries: {Code}")]
    public static partial void StepExhausted(ILogger logger, string step, string attachment, string code);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Drift repair checked {Checked} clusters: {Drifted} drifted, {Repaired} repaired, {Failed} failed, {Blocked} blocked")]
    public static partial void DriftRepaired(ILogger logger, int @checked, int drifted, int repaired, int failed, int blocked);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Cleanup of deleted cluster {ClusterId}: {Detached} detached, {Kept} kept")]
    public static partial void CleanedUp(ILogger logger, string clusterId, int detached, int kept);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "Drift repair reached {ClusterId} through {InstanceId}: {Outcome}")]
    public static partial void DriftReachedCluster(ILogger logger, string clusterId, string instanceId, string outcome);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Drift repair stopped waiting for {InstanceId} of {ClusterId}: still running at the deadline; counted as failed")]
    public static partial void DriftRunStillGoing(ILogger logger, string clusterId, string instanceId);
}
