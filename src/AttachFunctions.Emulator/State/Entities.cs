using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

internal sealed class ClusterState
{
    public required string Id { get; init; }
    public required ClusterKind Kind { get; init; }
    public required string SubscriptionId { get; init; }
    public required string ResourceGroup { get; init; }
    public required string Name { get; init; }
    public required string Location { get; init; }
    public required Dictionary<string, string> Tags { get; init; }
    public required bool EntraIntegrated { get; init; }
    public required string KubernetesVersion { get; init; }
    public required string Key { get; init; }
    public required string UserToken { get; set; }
    public required string AdminToken { get; init; }
    public required string PrincipalId { get; init; }
    public required string SecretName { get; init; }
    public required string SecretVersion { get; set; }

    /// <summary>Entra principals authorized on the Kubernetes API, by object id: their verbs on namespaces, honoured from a time on.</summary>
    public Dictionary<string, KubernetesGrant> KubernetesGrants { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Service-account tokens rotated away: the API server answers 401 to them.</summary>
    public HashSet<string> RevokedTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>A value stored in the cluster's Key Vault secret by a test in place of the generated kubeconfig.</summary>
    public string? SecretValue { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public List<ExtensionState> Extensions { get; } = [];
    public Dictionary<string, NamespaceState> Namespaces { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ManagedNamespaceState> ManagedNamespaces { get; } = new(StringComparer.OrdinalIgnoreCase);
    public long ResourceVersion { get; set; } = 1000;

    public string ProviderPath => Kind == ClusterKind.Aks
        ? "Microsoft.ContainerService/managedClusters"
        : "Microsoft.Kubernetes/connectedClusters";
}

internal sealed class ExtensionState
{
    public required string Name { get; init; }
    public required string ExtensionType { get; init; }
    public required string ProvisioningState { get; set; }
    public string? Then { get; set; }
    public DateTimeOffset? ThenAt { get; set; }
    public required string Version { get; init; }
    public required string ReleaseTrain { get; init; }
    public required string ReleaseNamespace { get; init; }
    public required string PrincipalId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ModifiedAt { get; set; }

    /// <summary>Arc, Azure ML extension: the id of the Relay namespace it uses (null for any other extension).</summary>
    public string? RelayNamespaceId { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
}

internal sealed class NamespaceState
{
    public required string Name { get; init; }
    public required string Uid { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Annotations { get; } = new(StringComparer.Ordinal);
    public DateTimeOffset? DeletingSince { get; set; }
    public long ResourceVersion { get; set; }
    public bool Terminating => DeletingSince is not null;
}

internal sealed class ManagedNamespaceState
{
    public required string Name { get; init; }
    public string? Location { get; set; }
    public JsonObject? Tags { get; set; }
    public required JsonObject Properties { get; set; }

    /// <summary>Updating or Deleting while its operation runs, then Succeeded or Failed (NamespaceProvisioningState).</summary>
    public string ProvisioningState { get; set; } = "Updating";
}

internal sealed class WorkspaceState
{
    public required string Id { get; init; }
    public required string SubscriptionId { get; init; }
    public required string ResourceGroup { get; init; }
    public required string Name { get; init; }
    public required string Location { get; init; }
    /// <summary>As Azure spells it: <c>SystemAssigned</c>, <c>UserAssigned</c>, <c>SystemAssigned,UserAssigned</c> or <c>None</c>.</summary>
    public required string IdentityType { get; set; }
    public string? PrincipalId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public List<string> UserAssignedIdentityIds { get; } = [];
    public string? PrimaryUserAssignedIdentity { get; set; }
    public Dictionary<string, ComputeState> Computes { get; } = new(StringComparer.OrdinalIgnoreCase);
}

internal sealed class ComputeState
{
    public required string Name { get; init; }
    public required string Location { get; init; }
    public JsonObject? Tags { get; init; }
    public required string IdentityType { get; init; }
    public string? PrincipalId { get; init; }
    public IReadOnlyList<string> UserAssignedIdentityIds { get; init; } = [];
    public required string ResourceId { get; init; }
    public required JsonObject RequestProperties { get; init; }
    public required string ProvisioningState { get; set; }
    public List<(string Code, string Message)> Errors { get; } = [];
    public required DateTimeOffset CreatedOn { get; init; }
    public DateTimeOffset ModifiedOn { get; set; }
    public string? PendingOperationId { get; set; }

    public string Namespace =>
        RequestProperties["properties"]?["namespace"]?.GetValue<string>() ?? "default";
}

internal sealed class RoleAssignmentState
{
    public required string Scope { get; init; }
    public required string Name { get; init; }
    public required string RoleDefinitionGuid { get; init; }
    public required string PrincipalId { get; init; }
    public required string PrincipalType { get; init; }
    public string? Description { get; set; }
    public string? Condition { get; set; }
    public string? ConditionVersion { get; set; }
    public string? DelegatedManagedIdentityResourceId { get; set; }
    public required DateTimeOffset CreatedOn { get; init; }
    public DateTimeOffset UpdatedOn { get; set; }
    public required string CreatedBy { get; init; }
    public string UpdatedBy { get; set; } = "";

    public string Id => Scope.TrimEnd('/') + "/providers/Microsoft.Authorization/roleAssignments/" + Name;
}

internal sealed class PrincipalRecord
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public string? DisplayName { get; init; }
    public required DateTimeOffset ReplicatedAt { get; set; }
}

internal sealed class SimpleResource
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required string SubscriptionId { get; init; }
    public required string ResourceGroup { get; init; }
    public required string Name { get; init; }
    public required string Location { get; init; }
    public required Dictionary<string, string> Tags { get; init; }
    public string? PrincipalId { get; init; }
    public string? ClientId { get; init; }
}

internal sealed class AsyncOperation
{
    public required string Id { get; init; }
    public required string SubscriptionId { get; init; }
    public required string Location { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset CompletesAt { get; init; }
    public required Func<(string Code, string Message)?> Complete { get; init; }
    public string Status { get; set; } = "InProgress";
    public (string Code, string Message)? Error { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}
