namespace AttachFunctions.Workflows.Runs;

/// <summary>How a start request for a cluster's reconcile run ended.</summary>
public enum StartOutcome
{
    /// <summary>A new run was scheduled.</summary>
    Started,

    /// <summary>A run was in progress; it was asked to re-check the cluster when it ends.</summary>
    Rechecked,

    /// <summary>The running run was started by this same trigger: nothing to do.</summary>
    Duplicate,
}
