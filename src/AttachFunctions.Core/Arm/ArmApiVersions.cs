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
    public const string ManagedIdentity = "2023-01-31";
}
