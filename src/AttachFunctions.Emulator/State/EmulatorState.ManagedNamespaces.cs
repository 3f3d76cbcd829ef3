namespace AttachFunctions.Emulator;

/// <summary>An AKS managed namespace (the ARM resource) as the emulator holds it.</summary>
public sealed record ManagedNamespaceInfo(string Name, string ProvisioningState, IReadOnlyDictionary<string, string> Labels);

public sealed partial class EmulatorState
{
    private readonly Dictionary<string, Queue<(string Code, string Message)>> _managedNamespaceFailures = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Scenario hook: the next <paramref name="times"/> operations (PUT or DELETE) on the managed namespace
    /// <paramref name="name"/> of the cluster end <c>Failed</c> with this error, as an operation that fails in the
    /// cluster does (e.g. a resource quota refused, a conflicting namespace).
    /// </summary>
    public void FailManagedNamespaceOperations(string clusterId, string name, string code, string message, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (Gate)
        {
            Tick(); // Operations due by now end before the hook applies, so it hits the next one.
            var key = RequireCluster(clusterId).Id + "/" + name;
            if (!_managedNamespaceFailures.TryGetValue(key, out var queue))
            {
                queue = new Queue<(string Code, string Message)>();
                _managedNamespaceFailures[key] = queue;
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue((code, message));
            }
        }
    }

    /// <summary>The managed-namespace resource of a cluster right now, or null when ARM holds none of that name.</summary>
    public ManagedNamespaceInfo? ManagedNamespace(string clusterId, string name)
    {
        lock (Gate)
        {
            Tick();
            if (!RequireCluster(clusterId).ManagedNamespaces.TryGetValue(name, out var m))
            {
                return null;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (m.Properties["labels"] is System.Text.Json.Nodes.JsonObject json)
            {
                foreach (var (k, v) in json)
                {
                    labels[k] = v?.GetValue<string>() ?? "";
                }
            }

            return new ManagedNamespaceInfo(m.Name, m.ProvisioningState, labels);
        }
    }

    /// <summary>The injected failure due for the next operation on a managed namespace, if any (consumed).</summary>
    internal (string Code, string Message)? TakeManagedNamespaceFailure(ClusterState cluster, string name) =>
        _managedNamespaceFailures.TryGetValue(cluster.Id + "/" + name, out var queue) && queue.TryDequeue(out var failure) ? failure : null;
}
