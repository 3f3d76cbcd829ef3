using AttachFunctions.Core.Arm.Models;

namespace AttachFunctions.Infrastructure.Reconciliation;

/// <summary>
/// Finds the Relay namespace of an Arc cluster from the cluster's own Azure ML extension (its
/// <see cref="ArmExtension.RelayNamespaceId"/>), never "the first Relay of the resource group": each cluster's
/// extension gets its own Relay, and several Arc clusters can share a resource group. The plan (through
/// <see cref="ObservationCache"/>) and the prerequisite step use the same rule.
/// </summary>
public static class RelayDiscovery
{
    /// <summary>
    /// The id of the Relay namespace the extension uses, as ARM lists it in its resource group; null when the
    /// extension names none or that namespace does not exist.
    /// </summary>
    /// <param name="extension">The cluster's Azure ML extension (null when it has none).</param>
    /// <param name="listRelays">Lists the Relay namespace ids of a subscription's resource group.</param>
    public static async Task<string?> FindAsync(ArmExtension? extension, Func<string, string, Task<IReadOnlyList<string>>> listRelays)
    {
        ArgumentNullException.ThrowIfNull(listRelays);
        if (extension?.RelayNamespaceId is not { } referenced)
        {
            return null;
        }

        var parts = referenced.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4 || !parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var relays = await listRelays(parts[1], parts[3]);
        return relays.FirstOrDefault(r => string.Equals(r.TrimEnd('/'), referenced.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
