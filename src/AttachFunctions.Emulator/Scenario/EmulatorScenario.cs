using System.Text.Json;
using System.Text.Json.Serialization;

namespace AttachFunctions.Emulator;

/// <summary>
/// The world the emulator (a local stand-in for Azure Resource Manager and Kubernetes, not Azure) starts with.
/// Read from JSON (camelCase); every field is documented in <c>samples/scenario.reference.md</c>.
/// </summary>
public sealed record EmulatorScenario
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The Entra tenant of every subscription and principal.</summary>
    public string TenantId { get; init; } = "00000000-0000-0000-0000-0000000000aa";

    /// <summary>Subscriptions and their resource groups.</summary>
    public IReadOnlyList<SubscriptionSpec> Subscriptions { get; init; } = [];

    /// <summary>AKS managed clusters and Arc connected clusters.</summary>
    public IReadOnlyList<ClusterSpec> Clusters { get; init; } = [];

    /// <summary>Azure Machine Learning workspaces (with pre-existing computes).</summary>
    public IReadOnlyList<WorkspaceSpec> Workspaces { get; init; } = [];

    /// <summary>User-assigned managed identities.</summary>
    public IReadOnlyList<UserAssignedIdentitySpec> UserAssignedIdentities { get; init; } = [];

    /// <summary>Container registries (Microsoft.ContainerRegistry/registries).</summary>
    public IReadOnlyList<ResourceSpec> Registries { get; init; } = [];

    /// <summary>Storage accounts (Microsoft.Storage/storageAccounts).</summary>
    public IReadOnlyList<ResourceSpec> StorageAccounts { get; init; } = [];

    /// <summary>Azure Relay namespaces (Microsoft.Relay/namespaces), as the ML extension creates them for Arc clusters.</summary>
    public IReadOnlyList<ResourceSpec> RelayNamespaces { get; init; } = [];

    /// <summary>Role assignments that exist at start.</summary>
    public IReadOnlyList<RoleAssignmentSpec> RoleAssignments { get; init; } = [];

    /// <summary>Principals of the directory besides the identities above (they exist and have replicated unless told otherwise).</summary>
    public IReadOnlyList<PrincipalSpec> Principals { get; init; } = [];

    /// <summary>Behaviour knobs at start (all can be changed at run time through <see cref="EmulatorKnobs"/>).</summary>
    public KnobsSpec Knobs { get; init; } = new();

    /// <summary>Reads a scenario file.</summary>
    public static EmulatorScenario Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses scenario JSON; unknown fields are rejected so a typo cannot silently change the world.</summary>
    public static EmulatorScenario Parse(string json) =>
        JsonSerializer.Deserialize<EmulatorScenario>(json, JsonOptions)
        ?? throw new InvalidDataException("The scenario JSON is empty.");
}

/// <summary>A subscription.</summary>
public sealed record SubscriptionSpec
{
    /// <summary>The subscription id (a GUID: Azure SDK resource identifiers require one).</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Resource groups of the subscription.</summary>
    public IReadOnlyList<ResourceGroupSpec> ResourceGroups { get; init; } = [];
}

/// <summary>A resource group.</summary>
public sealed record ResourceGroupSpec
{
    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Region.</summary>
    public string Location { get; init; } = "westeurope";
}

/// <summary>Which kind of cluster.</summary>
public enum ClusterKind
{
    /// <summary>Microsoft.ContainerService/managedClusters.</summary>
    Aks,

    /// <summary>Microsoft.Kubernetes/connectedClusters.</summary>
    Arc,
}

/// <summary>A Kubernetes cluster known to ARM, with its own virtual Kubernetes API server.</summary>
public sealed record ClusterSpec
{
    /// <summary><c>aks</c> or <c>arc</c>.</summary>
    public ClusterKind Kind { get; init; } = ClusterKind.Aks;

    /// <summary>Subscription id.</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>Resource group.</summary>
    public required string ResourceGroup { get; init; }

    /// <summary>Cluster name.</summary>
    public required string Name { get; init; }

    /// <summary>Region.</summary>
    public string Location { get; init; } = "westeurope";

    /// <summary>ARM tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>AKS only: Entra ID integration (kubeconfig user is a kubelogin exec plugin; the API accepts AKS-server tokens).</summary>
    public bool EntraIntegrated { get; init; } = true;

    /// <summary>Kubernetes version reported by ARM.</summary>
    public string KubernetesVersion { get; init; } = "1.32.4";

    /// <summary>Arc only: name of the Key Vault secret holding this cluster's kubeconfig (default <c>kubeconfig-{name}</c>).</summary>
    public string? KeyVaultSecretName { get; init; }

    /// <summary>Cluster extensions.</summary>
    public IReadOnlyList<ExtensionSpec> Extensions { get; init; } = [];

    /// <summary>Namespaces that exist in the cluster besides the system ones.</summary>
    public IReadOnlyList<NamespaceSpec> Namespaces { get; init; } = [];

    /// <summary>
    /// Which Entra principals the cluster's Kubernetes API authorizes, and for which verbs on namespaces. Null (the
    /// default): every principal in the scenario's <c>principals</c> list may do everything (they stand for operators and
    /// the automation, granted before the story starts); an explicit list (even empty) replaces that. Static cluster
    /// tokens (the admin credential, the Key Vault kubeconfig's service account) are always authorized.
    /// </summary>
    public IReadOnlyList<KubernetesGrantSpec>? KubernetesGrants { get; init; }
}

/// <summary>A principal's permission on a cluster's namespaces (a ClusterRoleBinding, or an Azure RBAC for Kubernetes role assignment).</summary>
public sealed record KubernetesGrantSpec
{
    /// <summary>Object id of the principal (the token's <c>oid</c>).</summary>
    public required string PrincipalId { get; init; }

    /// <summary>Verbs on namespaces: get, list, watch, create, patch, update, delete, or "*" (the default).</summary>
    public IReadOnlyList<string> Verbs { get; init; } = ["*"];
}

/// <summary>A Microsoft.KubernetesConfiguration extension on a cluster.</summary>
public sealed record ExtensionSpec
{
    /// <summary>Extension name (user-chosen, e.g. <c>azureml</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Extension type as installed (returned lower-cased, as the real service does).</summary>
    public string ExtensionType { get; init; } = "Microsoft.AzureML.Kubernetes";

    /// <summary>Provisioning state at start (<c>Creating</c>, <c>Pending</c>, <c>Succeeded</c>, <c>Failed</c>, ...).</summary>
    public string ProvisioningState { get; init; } = "Succeeded";

    /// <summary>State the extension moves to after <see cref="AfterSeconds"/> (none: it stays).</summary>
    public string? Then { get; init; }

    /// <summary>Seconds after start when <see cref="Then"/> is reached.</summary>
    public double AfterSeconds { get; init; }

    /// <summary>Extension version.</summary>
    public string Version { get; init; } = "1.1.64";

    /// <summary>Release train.</summary>
    public string ReleaseTrain { get; init; } = "stable";

    /// <summary>Namespace the extension is installed into.</summary>
    public string ReleaseNamespace { get; init; } = "azureml";

    /// <summary>Principal id of the extension's identity (default: a generated one).</summary>
    public string? PrincipalId { get; init; }

    /// <summary>
    /// Arc, Azure ML extension only: the Relay namespace (in the cluster's resource group) the extension uses. Default:
    /// the name the CLI derives for the cluster, created by the emulator; a name given here exists only when it is
    /// listed in <see cref="EmulatorScenario.RelayNamespaces"/>.
    /// </summary>
    public string? RelayNamespace { get; init; }

    /// <summary><c>properties.errorInfo.code</c> while the extension is Failed (default <c>ExtensionOperationFailed</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary><c>properties.errorInfo.message</c> while the extension is Failed (default: a Helm installation failure).</summary>
    public string? ErrorMessage { get; init; }
}

/// <summary>A Kubernetes namespace.</summary>
public sealed record NamespaceSpec
{
    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}

/// <summary>An Azure Machine Learning workspace.</summary>
public sealed record WorkspaceSpec
{
    /// <summary>Subscription id.</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>Resource group.</summary>
    public required string ResourceGroup { get; init; }

    /// <summary>Workspace name.</summary>
    public required string Name { get; init; }

    /// <summary>Region.</summary>
    public string Location { get; init; } = "westeurope";

    /// <summary><c>SystemAssigned</c>, <c>UserAssigned</c> or <c>SystemAssigned,UserAssigned</c> (both: a system principal beside the user-assigned identities).</summary>
    public string IdentityType { get; init; } = "SystemAssigned";

    /// <summary>System-assigned: the workspace principal id (default: generated).</summary>
    public string? PrincipalId { get; init; }

    /// <summary>User-assigned: the resource id of the identity (must be listed in userAssignedIdentities); also the primary one unless <see cref="PrimaryUserAssignedIdentity"/> says otherwise.</summary>
    public string? UserAssignedIdentityId { get; init; }

    /// <summary>User-assigned: further identities of the workspace (a workspace may carry several).</summary>
    public IReadOnlyList<string> UserAssignedIdentityIds { get; init; } = [];

    /// <summary>
    /// User-assigned: the identity the workspace acts as (<c>properties.primaryUserAssignedIdentity</c>); default
    /// <see cref="UserAssignedIdentityId"/>. Omit both to play a workspace that reports no primary identity.
    /// </summary>
    public string? PrimaryUserAssignedIdentity { get; init; }

    /// <summary>Computes that exist at start.</summary>
    public IReadOnlyList<ComputeSpec> Computes { get; init; } = [];
}

/// <summary>A Kubernetes compute attached to a workspace at start.</summary>
public sealed record ComputeSpec
{
    /// <summary>Compute name.</summary>
    public required string Name { get; init; }

    /// <summary>Resource id of the attached cluster.</summary>
    public required string ResourceId { get; init; }

    /// <summary>Kubernetes namespace of the compute.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary><c>SystemAssigned</c>, <c>UserAssigned</c> or <c>None</c>.</summary>
    public string IdentityType { get; init; } = "SystemAssigned";

    /// <summary>System-assigned principal id (default: generated, already replicated).</summary>
    public string? PrincipalId { get; init; }

    /// <summary>User-assigned identity resource id.</summary>
    public string? UserAssignedIdentityId { get; init; }

    /// <summary>Provisioning state.</summary>
    public string ProvisioningState { get; init; } = "Succeeded";

    /// <summary>Description.</summary>
    public string? Description { get; init; }
}

/// <summary>A user-assigned managed identity.</summary>
public sealed record UserAssignedIdentitySpec
{
    /// <summary>Subscription id.</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>Resource group.</summary>
    public required string ResourceGroup { get; init; }

    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Region.</summary>
    public string Location { get; init; } = "westeurope";

    /// <summary>Object (principal) id.</summary>
    public required string PrincipalId { get; init; }

    /// <summary>Client (application) id.</summary>
    public required string ClientId { get; init; }
}

/// <summary>A plain tracked resource (registry, storage account, Relay namespace).</summary>
public sealed record ResourceSpec
{
    /// <summary>Subscription id.</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>Resource group.</summary>
    public required string ResourceGroup { get; init; }

    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Region.</summary>
    public string Location { get; init; } = "westeurope";

    /// <summary>ARM tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

/// <summary>A role assignment.</summary>
public sealed record RoleAssignmentSpec
{
    /// <summary>Scope (resource id, with leading slash).</summary>
    public required string Scope { get; init; }

    /// <summary>Assignment name (a GUID; default: generated).</summary>
    public string? Name { get; init; }

    /// <summary>Role definition GUID or full role definition id.</summary>
    public required string RoleDefinitionId { get; init; }

    /// <summary>Principal object id.</summary>
    public required string PrincipalId { get; init; }

    /// <summary>Principal type.</summary>
    public string PrincipalType { get; init; } = "ServicePrincipal";
}

/// <summary>A directory principal.</summary>
public sealed record PrincipalSpec
{
    /// <summary>Object id.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary><c>User</c>, <c>Group</c> or <c>ServicePrincipal</c>.</summary>
    public string Type { get; init; } = "ServicePrincipal";

    /// <summary>Seconds after start until the principal has replicated (0 = replicated already).</summary>
    public double ReplicatesAfterSeconds { get; init; }
}

/// <summary>Knobs at start; see <see cref="EmulatorKnobs"/>.</summary>
public sealed record KnobsSpec
{
    /// <summary>Items per page of every ARM list.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>How long a compute PUT (attach) stays InProgress.</summary>
    public double LroSeconds { get; init; } = 5;

    /// <summary>Retry-After (seconds) sent on InProgress operation responses.</summary>
    public int LroRetryAfterSeconds { get; init; } = 1;

    /// <summary>How long a compute DELETE (detach) stays InProgress (0: answered 200 at once).</summary>
    public double DetachSeconds { get; init; } = 1;

    /// <summary>How long a new principal (e.g. a compute's system-assigned identity) takes to replicate.</summary>
    public double PrincipalReplicationSeconds { get; init; } = 10;

    /// <summary>How long a deleted namespace stays Terminating.</summary>
    public double NamespaceTerminationSeconds { get; init; } = 3;

    /// <summary>
    /// How long a Kubernetes grant made at run time takes to apply (Azure RBAC for Kubernetes role assignments take
    /// minutes to propagate; the strictest plausible default is used here).
    /// </summary>
    public double KubernetesGrantPropagationSeconds { get; init; } = 120;

    /// <summary>
    /// When true, a role assignment that states its principalType is accepted for a known principal that has not
    /// replicated yet (what the RBAC docs recommend setting principalType for). Default false: PrincipalNotFound until replicated.
    /// </summary>
    public bool ExplicitPrincipalTypeSkipsReplication { get; init; }

    /// <summary>Latency added per operation kind, in milliseconds.</summary>
    public IReadOnlyDictionary<OperationKind, double> LatencyMs { get; init; } = new Dictionary<OperationKind, double>();

    /// <summary>ARM throttling.</summary>
    public ThrottlingSpec Throttling { get; init; } = new();

    /// <summary>Fault injection rules.</summary>
    public IReadOnlyList<FaultRule> Faults { get; init; } = [];

    /// <summary>Seed of the fault-injection random source.</summary>
    public int FaultSeed { get; init; } = 1;

    /// <summary>ABAC-style allow-list of role definition GUIDs the caller may assign (null: any).</summary>
    public IReadOnlyList<string>? AssignableRoleDefinitionIds { get; init; }

    /// <summary>ABAC-style allow-list of principal types the caller may assign to (null: any).</summary>
    public IReadOnlyList<string>? AssignablePrincipalTypes { get; init; }
}

/// <summary>ARM token buckets per subscription + principal.</summary>
public sealed record ThrottlingSpec
{
    /// <summary>Whether throttling is on.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Multiplier on bucket sizes and refill rates (e.g. 0.1 for tiny buckets, 100 for fast benchmarks).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Reads: bucket size and refill per second.</summary>
    public BucketSpec Reads { get; init; } = new() { Capacity = 250, RefillPerSecond = 25 };

    /// <summary>Writes: bucket size and refill per second.</summary>
    public BucketSpec Writes { get; init; } = new() { Capacity = 200, RefillPerSecond = 10 };

    /// <summary>Deletes: bucket size and refill per second.</summary>
    public BucketSpec Deletes { get; init; } = new() { Capacity = 200, RefillPerSecond = 10 };
}

/// <summary>One token bucket.</summary>
public sealed record BucketSpec
{
    /// <summary>Bucket size.</summary>
    public double Capacity { get; init; }

    /// <summary>Tokens added per second.</summary>
    public double RefillPerSecond { get; init; }
}
