namespace AttachFunctions.Emulator;

/// <summary>
/// Whether the scope of a role assignment exists. Role assignments are extension resources: Azure Resource Manager
/// resolves the parent resource first and answers 404 when it is gone (SubscriptionNotFound, ResourceGroupNotFound,
/// ResourceNotFound), which is the only signal a caller gets that a grant scope was deleted. The error texts follow
/// ARM's ("The Resource '{type}/{name}' under resource group '{rg}' was not found", see Microsoft Learn "Resolve
/// errors for resource not found"). Resources of a type the emulator holds must exist; for a type it does not model
/// (e.g. the DocumentDB account of the official RoleAssignments_CreateForResource example) only the subscription and
/// resource group are checked, so real clients' requests are still answered.
/// </summary>
internal static class RoleAssignmentScopes
{
    private static readonly string[] HeldTypes =
    [
        "Microsoft.ContainerService/managedClusters",
        "Microsoft.Kubernetes/connectedClusters",
        "Microsoft.MachineLearningServices/workspaces",
        "Microsoft.Relay/namespaces",
        "Microsoft.ContainerRegistry/registries",
        "Microsoft.Storage/storageAccounts",
        "Microsoft.ManagedIdentity/userAssignedIdentities",
    ];

    /// <summary>The 404 answer for a scope that does not exist; null when it exists (or cannot be judged).</summary>
    public static EmulatorResponse? Missing(EmulatorState state, string scope)
    {
        var s = scope.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (s.Length < 2 || !s[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var sub = s[1];
        if (!state.ResourceGroups.TryGetValue(sub, out var groups))
        {
            return EmulatorResponse.ArmError(404, "SubscriptionNotFound", $"The subscription '{sub}' could not be found.");
        }

        if (s.Length < 4 || !s[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rg = s[3];
        if (!groups.Contains(rg))
        {
            return EmulatorResponse.ArmError(404, "ResourceGroupNotFound", $"Resource group '{rg}' could not be found.");
        }

        if (s.Length < 8 || !s[4].Equals("providers", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var type = s[5] + "/" + s[6];
        var held = HeldTypes.FirstOrDefault(t => t.Equals(type, StringComparison.OrdinalIgnoreCase));
        if (held is null)
        {
            return null;
        }

        // A child scope (a blob container of a storage account, a compute of a workspace) exists when its top-level
        // resource does: the emulator does not model the children themselves.
        var id = $"{EmulatorIds.ResourceGroup(sub, rg)}/providers/{held}/{s[7]}";
        var exists = state.Clusters.ContainsKey(id) || state.Workspaces.ContainsKey(id) || state.Resources.ContainsKey(id);
        return exists ? null : EmulatorResponse.NotFound(held, s[7], rg);
    }
}
