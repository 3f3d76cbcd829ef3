namespace AttachFunctions.Core.Roles;

/// <summary>
/// The one allow-list of roles the automation may assign. The infrastructure's ABAC condition on the automation's
/// Role Based Access Control Administrator assignment lists exactly these GUIDs (a test keeps the two equal), and the
/// product refuses to assign anything else (defense in depth).
/// </summary>
public static class RoleCatalog
{
    public static readonly BuiltInRole AcrPull =
        new("AcrPull", "AcrPull", Guid.Parse("7f951dda-4ed3-4680-a7ca-43fe172d538d"), RolePurpose.ComputeGrant);

    public static readonly BuiltInRole StorageBlobDataReader =
        new("StorageBlobDataReader", "Storage Blob Data Reader", Guid.Parse("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"), RolePurpose.ComputeGrant);

    public static readonly BuiltInRole StorageBlobDataContributor =
        new("StorageBlobDataContributor", "Storage Blob Data Contributor", Guid.Parse("ba92f5b4-2d11-453d-a403-e96b0029c9fe"), RolePurpose.ComputeGrant);

    public static readonly BuiltInRole Reader =
        new("Reader", "Reader", Guid.Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7"), RolePurpose.WorkspacePrerequisite);

    public static readonly BuiltInRole KubernetesExtensionContributor =
        new("KubernetesExtensionContributor", "Kubernetes Extension Contributor", Guid.Parse("85cb6faf-e071-4c9b-8136-154b5a04f717"), RolePurpose.WorkspacePrerequisite);

    public static readonly BuiltInRole AksClusterAdmin =
        new("AksClusterAdmin", "Azure Kubernetes Service Cluster Admin Role", Guid.Parse("0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8"), RolePurpose.WorkspacePrerequisite);

    public static readonly BuiltInRole AzureRelayOwner =
        new("AzureRelayOwner", "Azure Relay Owner", Guid.Parse("2787bf04-f1f5-4bfe-8383-c8a24483ee38"), RolePurpose.WorkspacePrerequisite);

    /// <summary>Every role the product may assign, in a stable order.</summary>
    public static IReadOnlyList<BuiltInRole> All { get; } =
    [
        AcrPull, StorageBlobDataReader, StorageBlobDataContributor,
        Reader, KubernetesExtensionContributor, AksClusterAdmin, AzureRelayOwner,
    ];

    /// <summary>The roles a policy may grant to a compute identity.</summary>
    public static IReadOnlyList<BuiltInRole> ComputeGrants { get; } =
        All.Where(r => r.Purpose == RolePurpose.ComputeGrant).ToArray();

    /// <summary>Finds a compute-grant role by its policy name (case-sensitive, as the schema's enum is).</summary>
    public static BuiltInRole? FindComputeGrant(string name) =>
        ComputeGrants.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    /// <summary>Finds any allow-listed role by definition GUID.</summary>
    public static BuiltInRole? FindByGuid(Guid definitionGuid) =>
        All.FirstOrDefault(r => r.DefinitionGuid == definitionGuid);

    /// <summary>
    /// Extracts the role GUID from a role definition id in any of the forms ARM uses
    /// (<c>/subscriptions/{s}/providers/...</c> or <c>/providers/...</c>, see the examples of
    /// azure-rest-api-specs <c>specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json</c>), comparing by trailing GUID.
    /// </summary>
    public static Guid? ParseDefinitionGuid(string? roleDefinitionId)
    {
        if (string.IsNullOrEmpty(roleDefinitionId))
        {
            return null;
        }

        var slash = roleDefinitionId.LastIndexOf('/');
        var tail = slash >= 0 ? roleDefinitionId[(slash + 1)..] : roleDefinitionId;
        return Guid.TryParse(tail, out var guid) ? guid : null;
    }
}
