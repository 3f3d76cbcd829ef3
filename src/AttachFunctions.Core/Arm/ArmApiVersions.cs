namespace AttachFunctions.Core.Arm;

/// <summary>
/// Every ARM api-version the product uses, pinned in one place (contracts/CONTRACTS.md: §a.1 computes 2025-12-01,
/// §b roleAssignments 2022-04-01, §d extensions 2025-03-01, §f.1/f.2 AKS 2025-10-01 with managed namespaces).
/// </summary>
public static class ArmApiVersions
{
    public const string MachineLearning = "2025-12-01";
    public const string Authorization = "2022-04-01";
    public const string KubernetesConfiguration = "2025-03-01";
    public const string ContainerService = "2025-10-01";
    public const string ConnectedClusters = "2024-01-01";
    public const string Relay = "2021-11-01";
    public const string ContainerRegistry = "2023-07-01";
    public const string Storage = "2023-05-01";
    public const string ManagedIdentity = "2023-01-31";

    /// <summary>The api-version to read a resource of the given type with (for existence checks of grant scopes).</summary>
    public static string ForResourceType(string resourceType) => resourceType.ToLowerInvariant() switch
    {
        "microsoft.containerregistry/registries" => ContainerRegistry,
        "microsoft.storage/storageaccounts" => Storage,
        "microsoft.storage/storageaccounts/blobservices/containers" => Storage,
        "microsoft.managedidentity/userassignedidentities" => ManagedIdentity,
        "microsoft.relay/namespaces" => Relay,
        "microsoft.containerservice/managedclusters" => ContainerService,
        "microsoft.kubernetes/connectedclusters" => ConnectedClusters,
        "microsoft.machinelearningservices/workspaces" => MachineLearning,
        _ => throw new ArgumentOutOfRangeException(nameof(resourceType), resourceType, "No api-version is pinned for this resource type."),
    };
}
