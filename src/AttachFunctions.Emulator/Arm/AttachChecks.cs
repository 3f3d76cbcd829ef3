namespace AttachFunctions.Emulator;

/// <summary>
/// The checks Azure ML makes when a Kubernetes compute is attached, with the (sometimes misleading) failures it reports.
/// The compute's namespace is deliberately not checked: the real service does not check it either.
/// </summary>
internal static class AttachChecks
{
    public const string InternalErrorMessage = "An internal server error occurred. If the problem persists, contact support";

    public static (string Code, string Message)? Evaluate(EmulatorState state, WorkspaceState ws, ComputeState compute)
    {
        if (!state.Clusters.TryGetValue(compute.ResourceId.TrimEnd('/'), out var cluster))
        {
            return ("ResourceNotFound", $"The cluster '{compute.ResourceId}' no longer exists.");
        }

        if (cluster.Kind == ClusterKind.Aks && !cluster.SubscriptionId.Equals(ws.SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            return ("BadRequest",
                $"Attaching an AKS cluster from another subscription is not supported: the cluster is in subscription '{cluster.SubscriptionId}' and the workspace in '{ws.SubscriptionId}'. Connect the cluster to Azure Arc in the workspace's subscription instead.");
        }

        var extension = cluster.Extensions.FirstOrDefault(e =>
            e.ExtensionType.Equals(EmulatorIds.MachineLearningExtensionType, StringComparison.OrdinalIgnoreCase)
            && e.ProvisioningState.Equals("Succeeded", StringComparison.OrdinalIgnoreCase));
        if (extension is null)
        {
            return ExtensionNotInstalled(cluster);
        }

        if (!ws.IdentityType.Contains("UserAssigned", StringComparison.Ordinal))
        {
            return null;
        }

        // Azure ML acts as the workspace's primary user-assigned identity.
        var principal = ws.PrimaryUserAssignedIdentity is { } uaiId && state.Resources.TryGetValue(uaiId, out var uai) ? uai.PrincipalId : null;
        if (principal is null)
        {
            return ("InternalServerError", InternalErrorMessage);
        }

        if (!HasRole(state, principal, EmulatorIds.ReaderRole, cluster.Id))
        {
            return RoleCheckFailed(ws, "Reader", cluster.Id);
        }

        if (!HasRole(state, principal, EmulatorIds.KubernetesExtensionContributorRole, cluster.Id))
        {
            return ExtensionNotInstalled(cluster);
        }

        if (!HasRole(state, principal, EmulatorIds.AksClusterAdminRole, cluster.Id))
        {
            return ("InternalServerError", InternalErrorMessage);
        }

        if (cluster.Kind == ClusterKind.Arc)
        {
            // Each Arc cluster's ML extension has its own Relay (the CLI creates one per cluster; several clusters can
            // share a resource group): the grant must be on the Relay this cluster's extension uses, not any Relay
            // of the resource group.
            if (extension.RelayNamespaceId is not { } relay || !state.Resources.ContainsKey(relay))
            {
                return ExtensionNotInstalled(cluster);
            }

            if (!HasRole(state, principal, EmulatorIds.AzureRelayOwnerRole, relay))
            {
                return RoleCheckFailed(ws, "Azure Relay Owner", relay);
            }
        }

        return null;
    }

    internal static bool HasRole(EmulatorState state, string principalId, string roleGuid, string scope) =>
        state.Assignments.Any(a => a.PrincipalId.Equals(principalId, StringComparison.OrdinalIgnoreCase)
            && a.RoleDefinitionGuid.Equals(roleGuid, StringComparison.OrdinalIgnoreCase)
            && EmulatorIds.IsAtOrBelow(scope, a.Scope));

    private static (string, string) ExtensionNotInstalled(ClusterState cluster) =>
        ("BadRequest",
            $"Extension is not installed on the cluster '{cluster.Id}'. Please install the Azure Machine Learning extension ({EmulatorIds.MachineLearningExtensionType}) and make sure it is in 'Succeeded' state before attaching.");

    private static (string, string) RoleCheckFailed(WorkspaceState ws, string role, string scope) =>
        ("BadRequest",
            $"AKS role check failed for user assigned identity '{ws.PrimaryUserAssignedIdentity}': the identity needs role '{role}' on '{scope}'.");
}
