namespace AttachFunctions.Workflows;

/// <summary>The task names of every orchestrator, activity and external event; the Functions wrappers use the same names.</summary>
public static class WorkflowNames
{
    public const string ReconcileCluster = nameof(ReconcileCluster);
    public const string AttachOne = nameof(AttachOne);
    public const string CleanupCluster = nameof(CleanupCluster);
    public const string DriftRepair = nameof(DriftRepair);

    public const string PlanCluster = nameof(PlanCluster);
    public const string EnsureNamespace = nameof(EnsureNamespace);
    public const string EnsurePrerequisites = nameof(EnsurePrerequisites);
    public const string EnsureCompute = nameof(EnsureCompute);
    public const string EnsureComputeGrants = nameof(EnsureComputeGrants);
    public const string PlanCleanup = nameof(PlanCleanup);
    public const string DetachCompute = nameof(DetachCompute);
    public const string ListScopeSubscriptions = nameof(ListScopeSubscriptions);
    public const string ListClustersInScope = nameof(ListClustersInScope);
    public const string StartClusterRun = nameof(StartClusterRun);
    public const string ReadClusterRuns = nameof(ReadClusterRuns);

    /// <summary>
    /// Raised on a running <see cref="ReconcileCluster"/> when a newer event for its cluster arrives or the drift run
    /// reaches it (payload: <see cref="Model.RecheckRequest"/>).
    /// </summary>
    public const string RecheckEvent = "recheck";
}
