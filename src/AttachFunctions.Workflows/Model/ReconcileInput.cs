namespace AttachFunctions.Workflows.Model;

/// <summary>The input of one <c>ReconcileCluster</c> run (and of each generation after a recheck).</summary>
/// <param name="ClusterId">The normalized cluster id.</param>
/// <param name="DryRun">Plan only: no writes.</param>
/// <param name="Settings">Timing decided by the starter from configuration (orchestrators never read options).</param>
/// <param name="Trigger">What started the run, for the report: an event id, "http", "drift".</param>
/// <param name="Generation">1 for the first run, +1 for each recheck that continued it.</param>
/// <param name="CleanupIfGone">
/// When the cluster does not exist: true plans and applies the cleanup of what was attached to it (delete events, the
/// HTTP API, the drift run, dry runs); false ends the run at the cluster's 404 with no other read and no
/// sub-orchestration (write events: an event for a cluster that does not exist must stay cheap). Sticky across
/// generations: once any trigger of the chain allowed cleanup, later generations keep it.
/// </param>
public sealed record ReconcileInput(string ClusterId, bool DryRun, ReconcileSettings Settings, string Trigger, int Generation = 1, bool CleanupIfGone = true);

/// <summary>Timing of a reconcile run: how long to wait for the ML extension and how to retry steps.</summary>
public sealed record ReconcileSettings
{
    /// <summary>How long a run waits for an installing ML extension before it reports it as not ready.</summary>
    public TimeSpan ExtensionDeadline { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan ExtensionFirstPoll { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ExtensionMaxPoll { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts of one step activity (including the first) for failures the classifier calls retryable.</summary>
    public int StepAttempts { get; init; } = 5;

    public TimeSpan StepFirstRetry { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan StepMaxRetry { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Generations a run may add for rechecks before it leaves the rest to the drift timer.</summary>
    public int MaxGenerations { get; init; } = 5;

    /// <summary>The same settings without waiting for extensions (the drift run does not wait).</summary>
    public ReconcileSettings WithoutExtensionWait() => this with { ExtensionDeadline = TimeSpan.Zero };
}
