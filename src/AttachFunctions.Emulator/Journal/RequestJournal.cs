using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AttachFunctions.Emulator;

/// <summary>One request the emulator served. Authorization header values are never recorded.</summary>
public sealed record JournalEntry
{
    /// <summary>When the request arrived (host time).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary><c>arm</c>, <c>k8s</c> or <c>keyvault</c>.</summary>
    public required string Client { get; init; }

    /// <summary>Operation kind (read/write/delete for ARM).</summary>
    public required OperationKind Kind { get; init; }

    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Path.</summary>
    public required string Path { get; init; }

    /// <summary>Query string (with the leading '?', or empty).</summary>
    public required string Query { get; init; }

    /// <summary>Request body (null when empty).</summary>
    public string? Body { get; init; }

    /// <summary>Response status (0 when the connection was dropped).</summary>
    public int Status { get; init; }

    /// <summary>Error code of an ARM error envelope or reason of a Kubernetes Status, when there is one.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Time spent serving the request (host time).</summary>
    public double LatencyMs { get; init; }

    /// <summary>Answered 429 by the ARM token buckets.</summary>
    public bool Throttled { get; init; }

    /// <summary>The injected fault, if any.</summary>
    public FaultKind? Fault { get; init; }

    /// <summary>The principal the token stood for (never the token).</summary>
    public string? Principal { get; init; }
}

/// <summary>A journal of every request, with counters for benchmarks.</summary>
public sealed class RequestJournal : IDisposable
{
    private static readonly JsonSerializerOptions LineOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly Lock _gate = new();
    private readonly List<JournalEntry> _entries = [];
    private StreamWriter? _sink;

    /// <summary>A snapshot of every entry so far.</summary>
    public IReadOnlyList<JournalEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>ARM reads received (including throttled ones).</summary>
    public int Reads => Count(e => e.Kind == OperationKind.ArmRead);

    /// <summary>ARM writes received (including throttled ones).</summary>
    public int Writes => Count(e => e.Kind == OperationKind.ArmWrite);

    /// <summary>ARM deletes received (including throttled ones).</summary>
    public int Deletes => Count(e => e.Kind == OperationKind.ArmDelete);

    /// <summary>Responses with status 429 (token buckets and injected faults).</summary>
    public int TooManyRequests => Count(e => e.Status == 429);

    /// <summary>Counts entries matching a predicate.</summary>
    public int Count(Func<JournalEntry, bool> predicate)
    {
        lock (_gate)
        {
            return _entries.Count(predicate);
        }
    }

    /// <summary>Forgets every entry (the JSON-lines sink, if any, keeps what it has written).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>Writes every entry as one JSON object per line.</summary>
    public void ExportJsonLines(string path)
    {
        var builder = new StringBuilder();
        foreach (var entry in Entries)
        {
            builder.Append(JsonSerializer.Serialize(entry, LineOptions)).Append('\n');
        }

        File.WriteAllText(path, builder.ToString());
    }

    internal void StreamTo(string path)
    {
        lock (_gate)
        {
            _sink = new StreamWriter(path, append: false) { AutoFlush = true };
        }
    }

    internal void Add(JournalEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
            _sink?.Write(JsonSerializer.Serialize(entry, LineOptions) + "\n");
        }
    }

    /// <summary>Closes the JSON-lines sink, if any.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _sink?.Dispose();
            _sink = null;
        }
    }
}
