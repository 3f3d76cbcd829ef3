namespace AttachFunctions.Workflows.Model;

/// <summary>
/// The payload of the <c>recheck</c> event raised on a running reconcile run: what asked for it and whether it may
/// clean up when the cluster turns out to be gone (a delete event, the HTTP API, the drift run; never a write event).
/// </summary>
public sealed record RecheckRequest(string Trigger, bool CleanupIfGone);
