namespace AttachFunctions.Core.Clusters;

/// <summary>The two kinds of cluster Azure ML can attach.</summary>
public enum ClusterKind
{
    /// <summary><c>Microsoft.ContainerService/managedClusters</c>.</summary>
    Aks,

    /// <summary><c>Microsoft.Kubernetes/connectedClusters</c> (Azure Arc).</summary>
    Arc,
}
