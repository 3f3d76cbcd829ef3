using System.Text.Json.Serialization;

namespace AttachFunctions.Core.Policy;

/// <summary>
/// The declarative attach policy: what the automation may touch (<see cref="Scope"/>) and what it must do
/// (<see cref="Rules"/>). Loaded and validated by <see cref="PolicyLoader"/>; the JSON Schema is
/// <c>schemas/attach-policy.schema.json</c>. Rules are evaluated in order and the first rule that matches a cluster wins.
/// </summary>
public sealed record AttachPolicy
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>The policy format version; only 1 exists.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The subscriptions (and optionally resource groups) the automation may act in.</summary>
    public PolicyScope Scope { get; init; } = new();

    /// <summary>Defaults for namespaces the automation finds already present.</summary>
    public NamespaceOwnership NamespaceOwnership { get; init; } = new();

    /// <summary>Ordered rules; the first rule whose <see cref="PolicyRule.Match"/> matches a cluster applies to it.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; init; } = [];
}

/// <summary>Where the automation may act. Nothing outside is ever touched.</summary>
public sealed record PolicyScope
{
    /// <summary>Subscription ids (GUIDs).</summary>
    public IReadOnlyList<string> Subscriptions { get; init; } = [];

    /// <summary>
    /// Optional resource group ids (<c>/subscriptions/{id}/resourceGroups/{name}</c>). When present, clusters, workspaces
    /// and grant targets must be in one of them.
    /// </summary>
    public IReadOnlyList<string> ResourceGroups { get; init; } = [];
}

/// <summary>What to do with a namespace that exists but does not carry our managed-by label.</summary>
public sealed record NamespaceOwnership
{
    /// <summary>Adopt (label as ours) an existing namespace that is not ours. Off by default: such a namespace is a fatal diagnosis.</summary>
    public bool Adopt { get; init; }
}

/// <summary>One rule: which clusters it matches, how to reach inside them, and what to attach.</summary>
public sealed record PolicyRule
{
    /// <summary>A name for the rule, used in plans and reports.</summary>
    public string Name { get; init; } = "";

    public ClusterMatch Match { get; init; } = new();

    /// <summary>How namespaces are created inside matched clusters; defaults per kind when omitted.</summary>
    public NamespaceAccess? NamespaceAccess { get; init; }

    public IReadOnlyList<AttachmentSpec> Attachments { get; init; } = [];
}

/// <summary>Cluster selection. Every given criterion must hold (AND); an omitted criterion matches everything.</summary>
public sealed record ClusterMatch
{
    /// <summary><c>aks</c> or <c>arc</c>; omitted matches both.</summary>
    public ClusterKindFilter? Kind { get; init; }

    /// <summary>Resource group names (case-insensitive).</summary>
    public IReadOnlyList<string> ResourceGroups { get; init; } = [];

    /// <summary>Tags that must be present with exactly these values (keys case-insensitive, values case-sensitive, as ARM).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Tags that must be present with any value.</summary>
    public IReadOnlyList<string> TagsPresent { get; init; } = [];

    /// <summary>
    /// Accepts a rule that selects clusters by tags without <see cref="ResourceGroups"/>: anyone who can tag a cluster
    /// in scope could then get it attached. Off by default (validation refuses such a rule); when on, loading warns.
    /// </summary>
    public bool AllowTagOnlyMatch { get; init; }

    /// <summary>True when the rule selects by tags and nothing but tags (and kind) restricts which clusters it reaches.</summary>
    public bool IsTagOnly => ResourceGroups.Count == 0 && (Tags.Count > 0 || TagsPresent.Count > 0);
}

[JsonConverter(typeof(JsonStringEnumConverter<ClusterKindFilter>))]
public enum ClusterKindFilter
{
    [JsonStringEnumMemberName("aks")]
    Aks,

    [JsonStringEnumMemberName("arc")]
    Arc,
}

/// <summary>How the automation reaches inside a cluster to create namespaces (the three strategies are described in docs/architecture.md).</summary>
public sealed record NamespaceAccess
{
    public NamespaceAccessStrategy Strategy { get; init; }

    /// <summary>For <see cref="NamespaceAccessStrategy.KeyVaultKubeconfig"/>: where the kubeconfig secrets are.</summary>
    public KeyVaultKubeconfigSource? KeyVault { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<NamespaceAccessStrategy>))]
public enum NamespaceAccessStrategy
{
    /// <summary>AKS managed namespaces through ARM: no cluster credentials at all (AKS default).</summary>
    [JsonStringEnumMemberName("managedNamespace")]
    ManagedNamespace,

    /// <summary>AKS Kubernetes API with an Entra token for the AKS server application (no exec plugin).</summary>
    [JsonStringEnumMemberName("kubernetesApi")]
    KubernetesApi,

    /// <summary>A per-cluster kubeconfig read from Key Vault (Arc default; works for any cluster).</summary>
    [JsonStringEnumMemberName("keyVaultKubeconfig")]
    KeyVaultKubeconfig,
}

/// <summary>A Key Vault holding one kubeconfig secret per cluster.</summary>
public sealed record KeyVaultKubeconfigSource
{
    /// <summary>The vault URI, e.g. <c>https://contoso-kv.vault.azure.net/</c>.</summary>
    public string VaultUri { get; init; } = "";

    /// <summary>Secret name template; tokens as for compute names (default <c>{cluster}-kubeconfig</c>).</summary>
    public string SecretName { get; init; } = "{cluster}-kubeconfig";
}

/// <summary>One compute target to attach in one workspace, with its namespace, identity and grants.</summary>
public sealed record AttachmentSpec
{
    /// <summary>The Azure ML workspace resource id.</summary>
    public string Workspace { get; init; } = "";

    /// <summary>A free-form team or project key, available to templates as <c>{team}</c>.</summary>
    public string? Team { get; init; }

    /// <summary>Compute name template; renders to 2–16 chars, letter first, letters/digits/hyphens.</summary>
    public string ComputeName { get; init; } = "";

    public NamespaceSpec Namespace { get; init; } = new();

    /// <summary>The compute's managed identity; SystemAssigned when omitted.</summary>
    public IdentitySpec Identity { get; init; } = new();

    /// <summary>The instance type used when a job names none; must be a key of <see cref="InstanceTypes"/> when both are given.</summary>
    public string? DefaultInstanceType { get; init; }

    public IReadOnlyDictionary<string, InstanceTypeSpec> InstanceTypes { get; init; } = new Dictionary<string, InstanceTypeSpec>();

    /// <summary>Roles granted to the compute identity after attach.</summary>
    public IReadOnlyList<GrantSpec> Grants { get; init; } = [];

    /// <summary>What to do with this compute when its cluster is deleted.</summary>
    public OnClusterDelete OnClusterDelete { get; init; } = OnClusterDelete.Detach;

    /// <summary>
    /// Narrows which workspace identities (principal object ids) may receive the cluster-level prerequisite roles for
    /// this attachment's workspace; null leaves it to <c>Security__WorkspaceIdentityPrincipalIds</c> alone. It can only
    /// narrow: a principal listed here but not in the setting is still refused.
    /// </summary>
    public IReadOnlyList<string>? WorkspaceIdentityPrincipalIds { get; init; }
}

/// <summary>The Kubernetes namespace an attachment runs in.</summary>
public sealed record NamespaceSpec
{
    /// <summary>Namespace name template (RFC 1123 label after rendering).</summary>
    public string Name { get; init; } = "";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Allows several attachments (e.g. in different workspaces) to use this namespace on one cluster.</summary>
    public bool Shared { get; init; }

    /// <summary>Overrides <see cref="AttachPolicy.NamespaceOwnership"/> for this namespace.</summary>
    public bool? Adopt { get; init; }
}

/// <summary>The compute's managed identity.</summary>
public sealed record IdentitySpec
{
    public ComputeIdentityType Type { get; init; } = ComputeIdentityType.SystemAssigned;

    /// <summary>Exactly one user-assigned identity id when <see cref="Type"/> is UserAssigned (attach uses only the first).</summary>
    public IReadOnlyList<string> UserAssignedIdentities { get; init; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<ComputeIdentityType>))]
public enum ComputeIdentityType
{
    SystemAssigned,
    UserAssigned,
}

/// <summary>An instance type: node selector and resource requests/limits (Kubernetes quantities).</summary>
public sealed record InstanceTypeSpec
{
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    public ResourceQuantities? Requests { get; init; }

    public ResourceQuantities? Limits { get; init; }
}

/// <summary>cpu / memory / GPU quantities, e.g. <c>"500m"</c>, <c>"4Gi"</c>, <c>"1"</c>.</summary>
public sealed record ResourceQuantities
{
    public string? Cpu { get; init; }

    public string? Memory { get; init; }

    [JsonPropertyName("nvidia.com/gpu")]
    public string? NvidiaGpu { get; init; }
}

/// <summary>A role granted to the compute identity on a resource.</summary>
public sealed record GrantSpec
{
    /// <summary>One of <c>AcrPull</c>, <c>StorageBlobDataReader</c>, <c>StorageBlobDataContributor</c>.</summary>
    public string Role { get; init; } = "";

    /// <summary>The resource id the role is granted on (a registry for AcrPull, a storage account or container for the Blob roles).</summary>
    public string Scope { get; init; } = "";
}

[JsonConverter(typeof(JsonStringEnumConverter<OnClusterDelete>))]
public enum OnClusterDelete
{
    [JsonStringEnumMemberName("detach")]
    Detach,

    [JsonStringEnumMemberName("keep")]
    Keep,
}
