namespace AttachFunctions.Workflows.Model;

/// <summary>The drift run asks for one cluster's reconcile run (started, or the running one asked to re-check).</summary>
public sealed record ClusterRunRequest(string ClusterId, ReconcileSettings Settings, string Trigger);

/// <summary>How the request ended and the cluster's reconcile instance id (the one the drift run then waits for).</summary>
public sealed record ClusterRunTicket(string ClusterId, string InstanceId, string Outcome);

/// <summary>
/// What the drift run needs to know of one cluster's run: whether it has ended and, when it has, its result in the
/// words of <see cref="ReconcileRunReport"/> (drifted, converged, result); never the plan itself.
/// </summary>
public sealed record ClusterRunSummary(string ClusterId, string InstanceId, bool Ended, string? Result, bool Drifted, bool Converged);
