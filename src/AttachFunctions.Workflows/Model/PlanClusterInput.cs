namespace AttachFunctions.Workflows.Model;

/// <summary>Input of the plan activity.</summary>
/// <param name="ClusterId">The normalized cluster id.</param>
/// <param name="SharedReads">
/// Plan from the process's shared read cache (workspaces, compute lists, role assignment lists younger than its TTL):
/// true for the first generation of a drift run, so a fleet check reads each workspace once rather than once per cluster.
/// Event- and HTTP-started runs read fresh, since they answer a change that just happened.
/// </param>
/// <param name="CleanupIfGone">
/// False: the first read is the cluster GET and a 404 ends the activity there (no extension, workspace or role reads).
/// True: a missing cluster is planned for cleanup (reads the policy's workspaces).
/// </param>
public sealed record PlanClusterInput(string ClusterId, bool SharedReads, bool CleanupIfGone = true);
