using System.Collections.Concurrent;
using k8s;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// Kubernetes clients by key (cluster + access + secret), each reused for a bounded lifetime measured with
/// <see cref="TimeProvider"/>: a rotated or revoked kubeconfig is read again once its client expires, or at once when
/// the API server answered 401/403 (<see cref="Drop"/>). A client taken out of the cache may still serve a call in
/// flight, so it is disposed only after <see cref="RetiredGrace"/>.
/// </summary>
internal sealed class KubernetesClientCache : IDisposable
{
    /// <summary>How long a dropped or expired client stays undisposed: longer than any one Kubernetes call.</summary>
    public static readonly TimeSpan RetiredGrace = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(IKubernetes Client, DateTimeOffset RetiredAt)> _retired = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public KubernetesClientCache(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetime = lifetime;
    }

    /// <summary>What happened to the entry of a key on the last <see cref="GetAsync"/>, for the logs.</summary>
    public enum Lookup
    {
        Fresh,
        Cached,
        Expired,
    }

    /// <summary>The cached client for <paramref name="key"/>, or a new one from <paramref name="create"/> when there is none or it expired.</summary>
    public async Task<(IKubernetes Client, Lookup Lookup)> GetAsync(string key, Func<Task<IKubernetes>> create)
    {
        DisposeRetired();
        var now = _time.GetUtcNow();
        var expired = false;
        if (_entries.TryGetValue(key, out var existing) && now - existing.CreatedAt >= _lifetime)
        {
            Retire(key, existing);
            expired = true;
        }

        var entry = _entries.GetOrAdd(key, _ => new Entry(new Lazy<Task<IKubernetes>>(create), now));
        try
        {
            var client = await entry.Client.Value;
            var lookup = expired ? Lookup.Expired : ReferenceEquals(entry, existing) ? Lookup.Cached : Lookup.Fresh;
            return (client, lookup);
        }
        catch
        {
            // A kubeconfig that could not be read or was refused is never cached: the next attempt reads it again.
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            throw;
        }
    }

    /// <summary>Drops <paramref name="client"/> if it is still the cached one for <paramref name="key"/> (after a 401/403).</summary>
    public bool Drop(string key, IKubernetes client)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Client.IsValueCreated && entry.Client.Value.IsCompletedSuccessfully
            && ReferenceEquals(entry.Client.Value.Result, client))
        {
            return Retire(key, entry);
        }

        return false;
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            DisposeClient(entry);
        }

        _entries.Clear();
        while (_retired.TryDequeue(out var retired))
        {
            retired.Client.Dispose();
        }
    }

    private bool Retire(string key, Entry entry)
    {
        if (!_entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
        {
            return false;
        }

        if (entry.Client.IsValueCreated && entry.Client.Value.IsCompletedSuccessfully)
        {
            _retired.Enqueue((entry.Client.Value.Result, _time.GetUtcNow()));
        }

        return true;
    }

    private void DisposeRetired()
    {
        var now = _time.GetUtcNow();
        while (_retired.TryPeek(out var oldest) && now - oldest.RetiredAt >= RetiredGrace && _retired.TryDequeue(out var retired))
        {
            retired.Client.Dispose();
        }
    }

    private static void DisposeClient(Entry entry)
    {
        if (entry.Client.IsValueCreated && entry.Client.Value.IsCompletedSuccessfully)
        {
            entry.Client.Value.Result.Dispose();
        }
    }

    private sealed record Entry(Lazy<Task<IKubernetes>> Client, DateTimeOffset CreatedAt);
}
