namespace AttachFunctions.Infrastructure.Arm;

/// <summary>
/// Every ARM api-version the product uses, pinned in one place. The main ones, by their azure-rest-api-specs file:
/// computes 2025-12-01 (<c>specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01/machineLearningServices.json</c>),
/// roleAssignments 2022-04-01 (<c>specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json</c>),
/// extensions 2025-03-01 (<c>specification/kubernetesconfiguration/resource-manager/Microsoft.KubernetesConfiguration/extensions/stable/2025-03-01/extensions.json</c>),
/// AKS 2025-10-01, a stable version with managed namespaces (<c>specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2025-10-01/</c>).
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
