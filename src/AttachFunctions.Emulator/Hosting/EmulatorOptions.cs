namespace AttachFunctions.Emulator;

/// <summary>How an <see cref="EmulatorHost"/> is started.</summary>
public sealed record EmulatorOptions
{
    /// <summary>
    /// Port of the HTTPS listener (ARM and Key Vault); the Kubernetes HTTP listener takes the next port.
    /// 0 (the default) picks free ports.
    /// </summary>
    public int Port { get; init; }

    /// <summary>Clock for every time-based behaviour (LRO duration, replication, extension progress, Terminating, token buckets, latency).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>When set, every journal entry is also appended to this file as a JSON line.</summary>
    public string? JournalPath { get; init; }

    /// <summary>Whether to log requests to the console (the executable turns it on).</summary>
    public bool ConsoleLogging { get; init; }
}
