using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Observed;
using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Errors;

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
    /// <summary>
    /// The operation error codes read as "the namespace exists in the cluster and adoptionPolicy Never refused it"
    /// (Learn, .NET API reference <c>NamespaceAdoptionPolicy.Never</c>: "If the namespace already exists in Kubernetes,
    /// attempts to create that same namespace in ARM will fail"). Azure does not publish the code; this is the
    /// emulator's assumed one. Any other failure is reported with Azure's own code and message, never guessed.
    /// </summary>
    private static readonly HashSet<string> AdoptionRefusedCodes = new(StringComparer.OrdinalIgnoreCase) { "NamespaceAlreadyExists" };

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
        return await WriteAsync(desired, desired.Labels, desired.Annotations, ct);
    }

    public async Task<ObservedNamespace> UpdateAsync(DesiredNamespace desired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var current = await _arm.GetManagedNamespaceAsync(_cluster.Id, desired.Name, ct);
        var labels = Merge(current?.Labels, desired.Labels);
        var annotations = Merge(current?.Annotations, desired.Annotations);

        // The policy's adoption rule on every write: a managed namespace whose creation was refused (it stays in ARM,
        // Failed, with our labels) must not take over the cluster's namespace on the next run.
        return await WriteAsync(desired, labels, annotations, ct);
    }

    /// <summary>
    /// PUT and wait for the operation. A synchronous ARM error keeps its own status and code (the shared classifier
    /// judges it); an operation that ends Failed becomes a diagnosis carrying Azure's code and message, and reads
    /// "exists outside ARM" only when Azure's code says so.
    /// </summary>
    private async Task<ObservedNamespace> WriteAsync(
        DesiredNamespace desired, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, CancellationToken ct)
    {
        try
        {
            var ns = await _arm.PutManagedNamespaceAsync(_cluster.Id, desired.Name, _cluster.Location, labels, annotations, desired.Adopt, ct);
            return ToObserved(ns);
        }
        catch (ArmOperationFailedException ex) when (AdoptionRefusedCodes.Contains(ex.Code))
        {
            throw new DiagnosedException(Diagnoses.NamespaceNotOwned(desired.Name, _cluster.Id), ErrorClass.Fatal, ex);
        }
        catch (ArmOperationFailedException ex)
        {
            var diagnosis = Diagnoses.ManagedNamespaceOperationFailed(desired.Name, _cluster.Id, "write", ex.Code, ex.ErrorMessage);
            throw new DiagnosedException(diagnosis, ErrorClassifier.ClassifyManagedNamespaceOperation(ex.Code).Class, ex);
        }
    }

    private static ObservedNamespace ToObserved(ArmManagedNamespace ns) => new(
        ns.Name,
        ns.Labels,
        ns.Annotations,
        string.Equals(ns.ProvisioningState, "Deleting", StringComparison.OrdinalIgnoreCase),
        string.Equals(ns.ProvisioningState, "Failed", StringComparison.OrdinalIgnoreCase));

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
