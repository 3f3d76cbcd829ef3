using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Observed;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// Namespaces of one cluster, whatever the access strategy (AKS managed namespaces through ARM, the Kubernetes API
/// with an Entra token, or a kubeconfig from Key Vault).
/// </summary>
public interface INamespaceGateway
{
    /// <summary>The namespace, or null when it does not exist.</summary>
    Task<ObservedNamespace?> GetAsync(string name, CancellationToken ct);

    /// <summary>Creates the namespace with the desired labels and annotations.</summary>
    Task<ObservedNamespace> CreateAsync(DesiredNamespace desired, CancellationToken ct);

    /// <summary>Sets the desired labels and annotations on an existing namespace (other keys are kept).</summary>
    Task<ObservedNamespace> UpdateAsync(DesiredNamespace desired, CancellationToken ct);
}

/// <summary>Gives the namespace gateway for a cluster and strategy; clients are created once per cluster and kept for the run.</summary>
public interface INamespaceGatewayFactory
{
    Task<INamespaceGateway> ForAsync(Core.Clusters.ClusterInfo cluster, DesiredNamespace desired, CancellationToken ct);
}
