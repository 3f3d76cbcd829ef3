namespace AttachFunctions.Core.Diagnostics;

/// <summary>Stable diagnosis codes. Never rename one: operators match on them in alerts and runbooks.</summary>
public static class DiagnosisCodes
{
    // Policy and scope
    public const string ClusterOutOfScope = "AF001-ClusterOutOfScope";
    public const string NoMatchingRule = "AF002-NoMatchingRule";
    public const string NameTemplateInvalid = "AF003-NameTemplateInvalid";
    public const string NamespaceClaimConflict = "AF004-NamespaceClaimConflict";
    public const string RoleNotAllowed = "AF005-RoleNotAllowed";

    // Cluster and extension
    public const string ClusterNotFound = "AF010-ClusterNotFound";
    public const string AksCrossSubscription = "AF011-AksCrossSubscription";
    public const string ExtensionMissing = "AF012-ExtensionMissing";
    public const string ExtensionNotReady = "AF013-ExtensionNotReady";
    public const string ExtensionFailed = "AF014-ExtensionFailed";

    // Namespaces
    public const string NamespaceNotOwned = "AF020-NamespaceNotOwned";
    public const string NamespaceTerminating = "AF021-NamespaceTerminating";
    public const string ClusterAccessDenied = "AF022-ClusterAccessDenied";
    public const string KubeconfigUnavailable = "AF023-KubeconfigUnavailable";
    public const string KubeconfigRefused = "AF024-KubeconfigRefused";
    public const string KubeconfigSecretNameRefused = "AF025-KubeconfigSecretNameRefused";
    public const string NamespaceReserved = "AF026-NamespaceReserved";
    public const string ManagedNamespaceOperationFailed = "AF027-ManagedNamespaceOperationFailed";

    // Workspace and attach
    public const string WorkspaceNotFound = "AF030-WorkspaceNotFound";
    public const string WorkspaceIdentityMissingExtensionContributor = "AF031-WorkspaceIdentityMissingExtensionContributor";
    public const string WorkspaceIdentityMissingClusterAdmin = "AF032-WorkspaceIdentityMissingClusterAdmin";
    public const string AttachFailed = "AF033-AttachFailed";
    public const string RelayNamespaceMissing = "AF034-RelayNamespaceMissing";
    public const string ComputeIdentityMissing = "AF035-ComputeIdentityMissing";
    public const string ComputeNameCollision = "AF036-ComputeNameCollision";
    public const string ComputeWriteNotApplied = "AF038-ComputeWriteNotApplied";

    // Role assignments
    public const string AutomationNotAuthorized = "AF040-AutomationNotAuthorized";
    public const string PrincipalNotReplicated = "AF041-PrincipalNotReplicated";
    public const string GrantScopeNotFound = "AF042-GrantScopeNotFound";
    public const string RoleAssignmentLimit = "AF043-RoleAssignmentLimit";
    public const string RoleAssignmentNameTaken = "AF037-RoleAssignmentNameTaken";

    // Workspace identity pinning and fan-out caps
    public const string WorkspaceIdentityNotAllowed = "AF044-WorkspaceIdentityNotAllowed";
    public const string WorkspacePrimaryIdentityMissing = "AF045-WorkspacePrimaryIdentityMissing";
    public const string WorkspaceIdentityWidenedByPolicy = "AF046-WorkspaceIdentityWidenedByPolicy";
    public const string WorkspaceIdentityNotInPolicy = "AF047-WorkspaceIdentityNotInPolicy";
    public const string WorkspacePrimaryIdentityUnknown = "AF048-WorkspacePrimaryIdentityUnknown";
    public const string FanOutLimitExceeded = "AF049-FanOutLimitExceeded";

    // Kubernetes API server: trust and authorization
    public const string KubernetesServerNotTrusted = "AF050-KubernetesServerNotTrusted";
    public const string KubernetesPermissionMissing = "AF051-KubernetesPermissionMissing";

    // Generic
    public const string RequestRejected = "AF090-RequestRejected";
    public const string TransientFailuresExhausted = "AF091-TransientFailuresExhausted";
}
