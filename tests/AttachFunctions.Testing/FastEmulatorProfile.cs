using AttachFunctions.Emulator;

namespace AttachFunctions.Testing;

/// <summary>
/// The emulator's time behaviour cut to milliseconds so that a world converges fast without sleeping: long-running
/// operations, detach, principal replication and namespace termination take tens of milliseconds, requests get no added
/// latency, and ARM throttling is off unless the world asks for the scenario's token buckets.
/// </summary>
public static class FastEmulatorProfile
{
    public static void Apply(EmulatorKnobs knobs, bool throttling = false)
    {
        ArgumentNullException.ThrowIfNull(knobs);
        knobs.LroDuration = TimeSpan.FromMilliseconds(30);
        knobs.LroRetryAfter = TimeSpan.Zero;
        knobs.DetachDuration = TimeSpan.FromMilliseconds(20);
        knobs.PrincipalReplicationDelay = TimeSpan.FromMilliseconds(60);
        knobs.NamespaceTerminationDuration = TimeSpan.FromMilliseconds(30);
        knobs.ManagedNamespaceDuration = TimeSpan.FromMilliseconds(20);
        if (!throttling)
        {
            knobs.Throttling = knobs.Throttling with { Enabled = false };
        }

        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            knobs.SetLatency(kind, TimeSpan.Zero);
        }
    }
}
