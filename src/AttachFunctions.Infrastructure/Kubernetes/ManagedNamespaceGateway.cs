using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Observed;
using AttachFunctions.Infrastructure.Arm;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// AKS managed namespaces through ARM (Microsoft Learn, "Use managed namespaces in AKS",
/// learn.microsoft.com/azure/aks/managed-namespaces; azure-rest-api-specs
/// <c>specification/containerservice/resource-manager/Microsoft.ContainerService/aks/ManagedNamespace.tsp</c>): no
/// cluster credentials at all, the least-privilege default for AKS. Labels and annotations are set as a whole on every
/// PUT, so the desired set is merged with what exists.
/// </summary>
public sealed class ManagedNamespaceGateway : INamespaceGateway
{
    private readonly IArmGateway _arm;
    private readonly ClusterInfo _cluster;

    public ManagedNamespaceGateway(IArmGateway arm, ClusterInfo cluster)
    {
        _arm = arm;
        _cluster = cluster;
    }

    public async Task<ObservedNamespace?> GetAsync(string name, CancellationToken ct)
    {
        var ns = await _arm.GetManagedNamespaceAsync(_cluster.Id, name, ct);
        return ns is null ? null : ToObserved(ns);
    }

    public async Task<ObservedNamespace> CreateAsync(DesiredNamespace desired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(desired);
        try
        {
            var ns = await _arm.PutManagedNamespaceAsync(_cluster.Id, desired.Name, _cluster.Location, desired.Labels, desired.Annotations, desired.Adopt, ct);
            return ToObserved(ns);
        }
        catch (ArmRequestException ex) when (ex.Status == 409 && !desired.Adopt)
        {
            // adoptionPolicy Never refused: a namespace of that name exists in the cluster outside ARM's management.
            throw new KubernetesRequestException(409, "AlreadyExists", $"namespace {desired.Name} exists in the cluster and is not an ARM managed namespace", ex);
        }
    }

    public async Task<ObservedNamespace> UpdateAsync(DesiredNamespace desired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var current = await _arm.GetManagedNamespaceAsync(_cluster.Id, desired.Name, ct);
        var labels = Merge(current?.Labels, desired.Labels);
        var annotations = Merge(current?.Annotations, desired.Annotations);
        var ns = await _arm.PutManagedNamespaceAsync(_cluster.Id, desired.Name, _cluster.Location, labels, annotations, adopt: true, ct);
        return ToObserved(ns);
    }

    private static ObservedNamespace ToObserved(ArmManagedNamespace ns) => new(
        ns.Name,
        ns.Labels,
        ns.Annotations,
        string.Equals(ns.ProvisioningState, "Deleting", StringComparison.OrdinalIgnoreCase));

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string> desired)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in current ?? new Dictionary<string, string>())
        {
            // The service adds its own label; it is not ours to send back.
            if (!k.StartsWith("kubernetes.azure.com/", StringComparison.Ordinal))
            {
                merged[k] = v;
            }
        }

        foreach (var (k, v) in desired)
        {
            merged[k] = v;
        }

        return merged;
    }
}
