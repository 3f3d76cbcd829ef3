namespace AttachFunctions.Core.Roles;

/// <summary>
/// A built-in Azure role the product is allowed to assign. The GUIDs are the built-in role definition ids
/// (Microsoft Learn, "Azure built-in roles", learn.microsoft.com/azure/role-based-access-control/built-in-roles).
/// </summary>
/// <param name="Name">The name used in the attach policy (no spaces), e.g. <c>AcrPull</c>.</param>
/// <param name="DisplayName">The role's name as Azure shows it.</param>
/// <param name="DefinitionGuid">The role definition id (a GUID, identical in every subscription).</param>
/// <param name="Purpose">Why the product hands this role out.</param>
public sealed record BuiltInRole(string Name, string DisplayName, Guid DefinitionGuid, RolePurpose Purpose)
{
    /// <summary>The subscription-relative role definition id ARM expects in a role assignment body.</summary>
    public string DefinitionIdIn(string subscriptionId) =>
        $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{DefinitionGuid:D}";
}

/// <summary>Who receives a role: the compute's identity (policy grants) or the workspace identity (attach prerequisites).</summary>
public enum RolePurpose
{
    /// <summary>Granted to the compute identity on a resource named in the policy.</summary>
    ComputeGrant,

    /// <summary>
    /// Granted to a user-assigned workspace identity before attach (Microsoft Learn, "Attach a Kubernetes cluster to
    /// Azure Machine Learning workspace", learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace).
    /// </summary>
    WorkspacePrerequisite,
}
