using System.Text.Json.Serialization;

namespace AttachFunctions.Workflows.Model;

/// <summary>
/// The payload of the <c>recheck</c> event raised on a running reconcile run: what asked for it and whether it may
/// clean up when the cluster turns out to be gone (a delete event, the HTTP API, the drift run; never a write event).
/// Earlier versions raised the trigger alone as a JSON string; such a payload still reads (as a recheck that may clean
/// up, which is what it meant then), so a run in flight across an upgrade does not fail on its recheck.
/// </summary>
[JsonConverter(typeof(RecheckRequestJsonConverter))]
public sealed record RecheckRequest(string Trigger, bool CleanupIfGone);
