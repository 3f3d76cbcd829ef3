namespace AttachFunctions.Emulator;

/// <summary>
/// The api-versions Azure publishes for each resource type the emulator serves; every other version is refused as ARM
/// refuses it. This is the one table of versions in the emulator.
/// <para>
/// Source of the lists: the version folders of Azure/azure-rest-api-specs (<c>specification/&lt;service&gt;/resource-manager/&lt;Namespace&gt;/stable|preview/&lt;version&gt;</c>),
/// as generated into Azure/bicep-types-az <c>generated/&lt;service&gt;/&lt;namespace&gt;/&lt;version&gt;/types.md</c> (snapshot of
/// 2026-08-20, commit 1f896de), one entry per <c>## Resource &lt;Type&gt;@&lt;version&gt;</c>, previews included. Additions: Machine
/// Learning 2026-07-01 and 2026-07-15-preview (azure-rest-api-specs <c>Microsoft.MachineLearningServices/MachineLearningServices/readme.md</c>,
/// commit 1d1c10b); the compute operation status/result endpoints also answer 2021-10-01, the version the service itself
/// writes into its <c>Azure-AsyncOperation</c> URL (Azure/AML-Kubernetes issue #155, debug log); Azure Resource Manager's own
/// endpoints (subscriptions, resource groups, resources) answer the versions ARM lists in its refusal
/// (Azure/azure-cli issue #28038, "The supported versions are '2023-07-01, 2023-07-01-preview, …'") and the later
/// resourceGroups versions of the specs. Older versions stay in: Microsoft's own SDKs send older ones than the product does.
/// </para>
/// <para>
/// The refusal: a resource provider's type answers 400 <c>NoRegisteredProviderFound</c>, "No registered resource provider found
/// for location '…' and API version '…' for type '…'. The supported api-versions are '…'. The supported locations are '…'."
/// (recorded in Azure/azure-cli issue #28368 for managedClusters, Azure/azure-sdk-for-js issue #4097 for workspaces);
/// ARM's own endpoints answer 400 <c>InvalidApiVersionParameter</c>, "The api-version '…' is invalid. The supported versions are
/// '…'." (Azure/azure-rest-api-specs issue #11711, Azure/azure-cli issue #28038).
/// </para>
/// </summary>
public static class PublishedApiVersions
{
    /// <summary>Microsoft.MachineLearningServices workspaces and workspaces/computes (same version set).</summary>
    private static readonly string[] MachineLearning =
    [
        "2018-03-01-preview", "2018-11-19", "2019-05-01", "2019-06-01", "2019-11-01", "2020-01-01", "2020-02-18-preview",
        "2020-03-01", "2020-04-01", "2020-05-01-preview", "2020-05-15-preview", "2020-06-01", "2020-08-01", "2020-09-01-preview",
        "2021-01-01", "2021-03-01-preview", "2021-04-01", "2021-07-01", "2022-01-01-preview", "2022-02-01-preview", "2022-05-01",
        "2022-06-01-preview", "2022-10-01", "2022-10-01-preview", "2022-12-01-preview", "2023-02-01-preview", "2023-04-01", "2023-04-01-preview",
        "2023-06-01-preview", "2023-08-01-preview", "2023-10-01", "2024-01-01-preview", "2024-04-01", "2024-04-01-preview", "2024-07-01-preview",
        "2024-10-01", "2024-10-01-preview", "2025-01-01-preview", "2025-04-01", "2025-04-01-preview", "2025-06-01", "2025-07-01-preview",
        "2025-09-01", "2025-10-01-preview", "2025-12-01", "2026-01-15-preview", "2026-03-01", "2026-03-15-preview", "2026-05-01",
        "2026-05-15-preview", "2026-07-01", "2026-07-15-preview",
    ];

    /// <summary>Microsoft.ContainerService managedClusters (and its actions: listClusterUserCredential; its operations).</summary>
    private static readonly string[] ManagedClusters =
    [
        "2017-08-31", "2018-03-31", "2018-08-01-preview", "2019-02-01", "2019-04-01", "2019-06-01", "2019-08-01",
        "2019-10-01", "2019-11-01", "2020-01-01", "2020-02-01", "2020-03-01", "2020-04-01", "2020-06-01",
        "2020-07-01", "2020-09-01", "2020-11-01", "2020-12-01", "2021-02-01", "2021-03-01", "2021-05-01",
        "2021-07-01", "2021-08-01", "2021-09-01", "2021-10-01", "2021-11-01-preview", "2022-01-01", "2022-01-02-preview",
        "2022-02-01", "2022-02-02-preview", "2022-03-01", "2022-03-02-preview", "2022-04-01", "2022-04-02-preview", "2022-05-02-preview",
        "2022-06-01", "2022-06-02-preview", "2022-07-01", "2022-07-02-preview", "2022-08-02-preview", "2022-08-03-preview", "2022-09-01",
        "2022-09-02-preview", "2022-10-02-preview", "2022-11-01", "2022-11-02-preview", "2023-01-01", "2023-01-02-preview", "2023-02-01",
        "2023-02-02-preview", "2023-03-01", "2023-03-02-preview", "2023-04-01", "2023-04-02-preview", "2023-05-01", "2023-05-02-preview",
        "2023-06-01", "2023-06-02-preview", "2023-07-01", "2023-07-02-preview", "2023-08-01", "2023-08-02-preview", "2023-09-01",
        "2023-09-02-preview", "2023-10-01", "2023-10-02-preview", "2023-11-01", "2023-11-02-preview", "2024-01-01", "2024-01-02-preview",
        "2024-02-01", "2024-02-02-preview", "2024-03-02-preview", "2024-04-02-preview", "2024-05-01", "2024-05-02-preview", "2024-06-02-preview",
        "2024-07-01", "2024-07-02-preview", "2024-08-01", "2024-09-01", "2024-09-02-preview", "2024-10-01", "2024-10-02-preview",
        "2025-01-01", "2025-01-02-preview", "2025-02-01", "2025-02-02-preview", "2025-03-01", "2025-03-02-preview", "2025-04-01",
        "2025-04-02-preview", "2025-05-01", "2025-05-02-preview", "2025-06-02-preview", "2025-07-01", "2025-07-02-preview", "2025-08-01",
        "2025-08-02-preview", "2025-09-01", "2025-09-02-preview", "2025-10-01", "2025-10-02-preview", "2026-01-01", "2026-01-02-preview",
        "2026-02-01", "2026-02-02-preview", "2026-03-01", "2026-03-02-preview", "2026-04-01", "2026-04-02-preview", "2026-05-01",
        "2026-05-02-preview",
    ];

    private static readonly string[] ManagedNamespaces =
    [
        "2025-03-02-preview", "2025-04-02-preview", "2025-05-02-preview", "2025-06-02-preview", "2025-07-02-preview", "2025-08-02-preview", "2025-09-01",
        "2025-09-02-preview", "2025-10-01", "2025-10-02-preview", "2026-01-01", "2026-01-02-preview", "2026-02-01", "2026-02-02-preview",
        "2026-03-01", "2026-03-02-preview", "2026-04-01", "2026-04-02-preview", "2026-05-01", "2026-05-02-preview",
    ];

    private static readonly string[] ConnectedClusters =
    [
        "2020-01-01-preview", "2021-03-01", "2021-04-01-preview", "2021-10-01", "2022-05-01-preview", "2022-10-01-preview", "2023-11-01-preview",
        "2024-01-01", "2024-02-01-preview", "2024-06-01-preview", "2024-07-01-preview", "2024-07-15-preview", "2024-12-01-preview", "2025-08-01-preview",
        "2025-12-01-preview", "2026-02-01-preview", "2026-05-01",
    ];

    private static readonly string[] Extensions =
    [
        "2020-07-01-preview", "2021-05-01-preview", "2021-09-01", "2021-11-01-preview", "2022-01-01-preview", "2022-03-01", "2022-04-02-preview",
        "2022-07-01", "2022-11-01", "2023-05-01", "2024-11-01", "2025-03-01",
    ];

    private static readonly string[] RoleAssignments =
    [
        "2015-07-01", "2017-10-01-preview", "2018-01-01-preview", "2018-09-01-preview", "2020-03-01-preview", "2020-04-01-preview", "2020-08-01-preview",
        "2020-10-01-preview", "2022-04-01",
    ];

    private static readonly string[] RelayNamespaces =
    [
        "2016-07-01", "2017-04-01", "2018-01-01-preview", "2021-11-01", "2024-01-01", "2026-01-01", "2026-07-01-preview",
    ];

    private static readonly string[] ContainerRegistries =
    [
        "2017-03-01", "2017-10-01", "2019-05-01", "2019-12-01-preview", "2020-11-01-preview", "2021-06-01-preview", "2021-08-01-preview",
        "2021-09-01", "2021-12-01-preview", "2022-02-01-preview", "2022-12-01", "2023-01-01-preview", "2023-06-01-preview", "2023-07-01",
        "2023-08-01-preview", "2023-11-01-preview", "2024-11-01-preview", "2025-03-01-preview", "2025-04-01", "2025-05-01-preview", "2025-06-01-preview",
        "2025-11-01", "2026-01-01-preview", "2026-03-01-preview",
    ];

    private static readonly string[] StorageAccounts =
    [
        "2015-05-01-preview", "2015-06-15", "2016-01-01", "2016-05-01", "2016-12-01", "2017-06-01", "2017-10-01",
        "2018-02-01", "2018-03-01-preview", "2018-07-01", "2018-11-01", "2019-04-01", "2019-06-01", "2020-08-01-preview",
        "2021-01-01", "2021-02-01", "2021-04-01", "2021-06-01", "2021-08-01", "2021-09-01", "2022-05-01",
        "2022-09-01", "2023-01-01", "2023-04-01", "2023-05-01", "2024-01-01", "2025-01-01", "2025-06-01",
        "2025-08-01", "2026-04-01",
    ];

    private static readonly string[] UserAssignedIdentities =
    [
        "2015-08-31-preview", "2018-11-30", "2021-09-30-preview", "2022-01-31-preview", "2023-01-31", "2023-07-31-preview", "2024-11-30",
        "2025-01-31-preview", "2025-05-31-preview",
    ];

    /// <summary>Azure Resource Manager's own endpoints: subscriptions, resource groups, resources.</summary>
    private static readonly string[] ResourceManager =
    [
        "2013-03-01", "2014-01-01", "2014-02-26", "2014-04", "2014-04-01", "2014-04-01-preview", "2015-01-01",
        "2015-11-01", "2016-02-01", "2016-06-01", "2016-07-01", "2016-09-01", "2017-03-01", "2017-05-01",
        "2017-05-10", "2017-06-01", "2017-08-01", "2017-12-01", "2018-01-01", "2018-02-01", "2018-05-01",
        "2018-06-01", "2018-07-01", "2018-08-01", "2018-09-01", "2018-11-01", "2019-03-01", "2019-05-01",
        "2019-05-10", "2019-06-01", "2019-07-01", "2019-08-01", "2019-09-01", "2019-10-01", "2019-11-01",
        "2020-01-01", "2020-05-01", "2020-06-01", "2020-07-01", "2020-08-01", "2020-09-01", "2020-10-01",
        "2021-01-01", "2021-04-01", "2022-01-01", "2022-03-01-preview", "2022-05-01", "2022-06-01", "2022-09-01",
        "2022-11-01-preview", "2022-12-01", "2023-03-01-preview", "2023-07-01", "2023-07-01-preview", "2024-03-01", "2024-07-01",
        "2024-11-01", "2025-03-01", "2025-04-01",
    ];

    private static readonly Dictionary<string, string[]> ByType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.MachineLearningServices/workspaces"] = MachineLearning,
        ["Microsoft.MachineLearningServices/workspaces/computes"] = MachineLearning,
        ["Microsoft.MachineLearningServices/locations/computeOperationsStatus"] = [.. MachineLearning, "2021-10-01"],
        ["Microsoft.MachineLearningServices/locations/computeOperationsResult"] = [.. MachineLearning, "2021-10-01"],
        ["Microsoft.ContainerService/managedClusters"] = ManagedClusters,
        ["Microsoft.ContainerService/managedClusters/managedNamespaces"] = ManagedNamespaces,
        ["Microsoft.ContainerService/locations/operations"] = ManagedClusters,
        ["Microsoft.Kubernetes/connectedClusters"] = ConnectedClusters,
        ["Microsoft.KubernetesConfiguration/extensions"] = Extensions,
        ["Microsoft.Authorization/roleAssignments"] = RoleAssignments,
        ["Microsoft.Relay/namespaces"] = RelayNamespaces,
        ["Microsoft.ContainerRegistry/registries"] = ContainerRegistries,
        ["Microsoft.Storage/storageAccounts"] = StorageAccounts,
        ["Microsoft.ManagedIdentity/userAssignedIdentities"] = UserAssignedIdentities,
        ["Microsoft.Resources/subscriptions"] = ResourceManager,
        ["Microsoft.Resources/resourceGroups"] = ResourceManager,
        ["Microsoft.Resources/resources"] = ResourceManager,
    };

    /// <summary>The resource types with a table (full type names, namespace first).</summary>
    public static IReadOnlyCollection<string> ResourceTypes => ByType.Keys;

    /// <summary>The published versions of <paramref name="resourceType"/>, oldest first; null when the emulator has no table for it.</summary>
    public static IReadOnlyList<string>? For(string resourceType) =>
        ByType.TryGetValue(resourceType, out var versions) ? versions : null;

    /// <summary>Whether Azure publishes <paramref name="apiVersion"/> for <paramref name="resourceType"/> (exact, case-insensitive).</summary>
    public static bool IsPublished(string resourceType, string apiVersion) =>
        For(resourceType) is { } versions && versions.Contains(apiVersion, StringComparer.OrdinalIgnoreCase);
}
