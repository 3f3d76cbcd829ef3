using System.Security.Cryptography;
using System.Text;

namespace AttachFunctions.Emulator;

/// <summary>Builds the ARM resource ids the emulator uses, and well-known ids (roles, the AKS Entra server application).</summary>
public static class EmulatorIds
{
    /// <summary>Application id of "Azure Kubernetes Service AAD Server": the audience of tokens for Entra-integrated clusters.</summary>
    public const string AksServerApplicationId = "6dae42f8-4368-4678-94ff-3960e28e3630";

    /// <summary>Application id of "Azure Kubernetes Service AAD Client" (kubelogin's public client).</summary>
    public const string AksClientApplicationId = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";

    /// <summary>Extension type of the Azure Machine Learning extension.</summary>
    public const string MachineLearningExtensionType = "Microsoft.AzureML.Kubernetes";

    /// <summary>Built-in role: Reader.</summary>
    public const string ReaderRole = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

    /// <summary>Built-in role: Kubernetes Extension Contributor.</summary>
    public const string KubernetesExtensionContributorRole = "85cb6faf-e071-4c9b-8136-154b5a04f717";

    /// <summary>Built-in role: Azure Kubernetes Service Cluster Admin Role.</summary>
    public const string AksClusterAdminRole = "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8";

    /// <summary>Built-in role: Azure Relay Owner.</summary>
    public const string AzureRelayOwnerRole = "2787bf04-f1f5-4bfe-8383-c8a24483ee38";

    /// <summary>
    /// The Relay namespace name <c>az k8s-extension create</c> gives the Azure ML extension of a cluster
    /// (Azure/azure-cli-extensions, src/k8s-extension/azext_k8s_extension/partner_extensions/AzureMLKubernetes.py,
    /// <c>_get_relay_connection_str</c> and <c>_get_valid_name</c>): "{cluster}-{subscription}-{resourceGroup}-relay"
    /// with only letters and digits kept; above 50 characters, its first 44 and 6 hex digits of the MD5 of the input.
    /// </summary>
    public static string MachineLearningRelayName(string clusterName, string subscriptionId, string resourceGroup)
    {
        var input = $"{clusterName}-{subscriptionId}-{resourceGroup}-relay";
        var normalized = new string([.. input.Where(char.IsAsciiLetterOrDigit)]);
        if (normalized.Length <= 50)
        {
            return normalized;
        }

#pragma warning disable CA5351 // MD5 reproduces the CLI's naming; it is not used for security.
        var suffix = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(input)))[..6];
#pragma warning restore CA5351
        return normalized[..44] + suffix;
    }

    /// <summary>Resource group id.</summary>
    public static string ResourceGroup(string subscriptionId, string resourceGroup) =>
        $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}";

    /// <summary>AKS managed cluster id.</summary>
    public static string ManagedCluster(string subscriptionId, string resourceGroup, string name) =>
        $"{ResourceGroup(subscriptionId, resourceGroup)}/providers/Microsoft.ContainerService/managedClusters/{name}";

    /// <summary>Arc connected cluster id.</summary>
    public static string ConnectedCluster(string subscriptionId, string resourceGroup, string name) =>
        $"{ResourceGroup(subscriptionId, resourceGroup)}/providers/Microsoft.Kubernetes/connectedClusters/{name}";

    /// <summary>Azure ML workspace id.</summary>
    public static string Workspace(string subscriptionId, string resourceGroup, string name) =>
        $"{ResourceGroup(subscriptionId, resourceGroup)}/providers/Microsoft.MachineLearningServices/workspaces/{name}";

    /// <summary>User-assigned identity id.</summary>
    public static string UserAssignedIdentity(string subscriptionId, string resourceGroup, string name) =>
        $"{ResourceGroup(subscriptionId, resourceGroup)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}";

    /// <summary>Subscription-qualified role definition id.</summary>
    public static string RoleDefinition(string subscriptionId, string roleGuid) =>
        $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{roleGuid}";

    /// <summary>The trailing GUID of a role definition id (or the value itself when it is a bare GUID).</summary>
    public static string RoleGuid(string roleDefinitionId)
    {
        ArgumentNullException.ThrowIfNull(roleDefinitionId);
        var slash = roleDefinitionId.TrimEnd('/').LastIndexOf('/');
        return (slash < 0 ? roleDefinitionId : roleDefinitionId[(slash + 1)..]).ToLowerInvariant();
    }

    /// <summary>A deterministic GUID from text (for generated names and principals in seeded worlds).</summary>
    public static string DeterministicGuid(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    internal static bool IsAtOrBelow(string scope, string ancestor)
    {
        var s = scope.TrimEnd('/');
        var a = ancestor.TrimEnd('/');
        if (a.Length == 0)
        {
            return true;
        }

        return s.Equals(a, StringComparison.OrdinalIgnoreCase)
            || (s.StartsWith(a, StringComparison.OrdinalIgnoreCase) && s[a.Length] == '/');
    }
}
