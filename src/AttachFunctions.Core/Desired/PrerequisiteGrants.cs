using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Desired;

/// <summary>
/// The roles a user-assigned workspace identity needs before a cluster can be attached (Microsoft Learn, "Attach a
/// Kubernetes cluster to Azure Machine Learning workspace",
/// learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace): Reader, Kubernetes Extension
/// Contributor and Azure Kubernetes Service Cluster Admin Role on the cluster, and for Arc clusters Azure Relay Owner
/// on the Relay namespace the extension created in the cluster's resource group.
/// </summary>
public static class PrerequisiteGrants
{
    public static IReadOnlyList<DesiredPrerequisite> For(ClusterId cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var grants = new List<DesiredPrerequisite>
        {
            new(RoleCatalog.Reader, PrerequisiteScope.Cluster, cluster.Id),
            new(RoleCatalog.KubernetesExtensionContributor, PrerequisiteScope.Cluster, cluster.Id),
            new(RoleCatalog.AksClusterAdmin, PrerequisiteScope.Cluster, cluster.Id),
        };

        if (cluster.Kind == ClusterKind.Arc)
        {
            grants.Add(new(RoleCatalog.AzureRelayOwner, PrerequisiteScope.RelayNamespace, null));
        }

        return grants;
    }
}
