using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Diagnostics;

/// <summary>
/// Every diagnosis the product gives, written once. Plans, ensure-steps, activities and error handlers ask this
/// catalog for a diagnosis instead of writing its text, so a dry run and an apply explain the same condition in the
/// same words. Each code is constructed in exactly one place below; a code that describes several situations has one
/// private constructor and one public factory per situation.
/// </summary>
public static class Diagnoses
{
    // Policy and scope

    public static Diagnosis ClusterOutOfScope(ClusterId cluster, string reason) => new Diagnosis(
        DiagnosisCodes.ClusterOutOfScope,
        $"Cluster {cluster} is outside the policy's scope: {reason}.",
        "Add its subscription (and resource group, if the scope lists resource groups) to scope in the attach policy, or leave it alone.");

    /// <summary>A step runs for an attachment the policy no longer asks for (the run that planned it is out of date).</summary>
    public static Diagnosis AttachmentNoLongerDesired(string key, ClusterId cluster) => new Diagnosis(
        DiagnosisCodes.NoMatchingRule,
        $"The policy no longer asks for attachment {key} on {cluster.Name}.",
        "Nothing: the run that planned it is out of date; the next run plans again.");

    public static Diagnosis NameTemplateInvalid(string what, string template, string error, ClusterId cluster) => NameTemplate(
        $"The {what} template '{template}' does not give a valid name for cluster {cluster.Name}: {error}.",
        "Change the template, e.g. keep fewer characters of the cluster name with {cluster:N}.");

    public static Diagnosis ComputeNameRenderedTwice(string computeName, WorkspaceRef workspace, ClusterId cluster) => NameTemplate(
        $"Two attachments render the compute name '{computeName}' in workspace {workspace.Name} for {cluster.Name}.",
        "Make the compute name templates differ, e.g. with {team}.");

    public static Diagnosis NamespaceClaimConflict(string ns, ClusterId cluster, string firstKey, string otherKey) => new Diagnosis(
        DiagnosisCodes.NamespaceClaimConflict,
        $"Namespace '{ns}' on {cluster.Name} is claimed by {firstKey} and {otherKey}.",
        "Give each attachment its own namespace, or set namespace.shared: true on all of them.");

    /// <summary>A role the automation does not grant (not on its allow-list).</summary>
    public static Diagnosis RoleNotAllowed(string role) => new Diagnosis(
        DiagnosisCodes.RoleNotAllowed,
        $"Role '{role}' is not on the automation's allow-list.",
        $"Use one of {string.Join(", ", RoleCatalog.ComputeGrants.Select(r => r.Name))}.");

    // Cluster and extension

    public static Diagnosis ClusterNotFound(ClusterId cluster) => new Diagnosis(
        DiagnosisCodes.ClusterNotFound,
        $"Cluster {cluster} does not exist (or the automation cannot read it).",
        "Check the id; if the cluster was deleted, its delete event or the next drift run cleans up its computes.");

    public static Diagnosis AksCrossSubscription(ClusterId cluster, WorkspaceRef workspace) => new Diagnosis(
        DiagnosisCodes.AksCrossSubscription,
        $"AKS cluster {cluster.Name} is in subscription {cluster.SubscriptionId} and workspace {workspace.Name} in {workspace.SubscriptionId}; Azure ML cannot attach AKS across subscriptions.",
        "Connect the cluster to Azure Arc in the workspace's subscription and attach it through Arc, or use a workspace in the cluster's subscription.");

    public static Diagnosis ExtensionMissing(ClusterId cluster) => ExtensionMissingDiagnosis(
        $"The Azure ML extension ({ArmExtension.AzureMlType}) is not installed on {cluster.Name}.",
        "Install it (az k8s-extension create --extension-type Microsoft.AzureML.Kubernetes ...); its write event starts the attach.");

    public static Diagnosis ExtensionFailed(ClusterId cluster, ArmExtension extension) => new Diagnosis(
        DiagnosisCodes.ExtensionFailed,
        $"The Azure ML extension '{extension.Name}' on {cluster.Name} is {extension.ProvisioningState}{(extension.ErrorCode is null ? "" : $" ({extension.ErrorCode}: {extension.ErrorMessage})")}.",
        "Fix or reinstall the extension; its write event starts the attach again.");

    public static Diagnosis ExtensionNotReady(ClusterId cluster, ArmExtension extension) => ExtensionNotReadyDiagnosis(
        $"The Azure ML extension '{extension.Name}' on {cluster.Name} is {extension.ProvisioningState ?? "in an unknown state"}, not Succeeded.",
        "Wait for the installation to finish; the run waits for it up to its deadline.");

    /// <summary>Attach failed, and re-reading the cluster shows why: the ML extension is not installed.</summary>
    public static Diagnosis AttachFailedExtensionMissing(string key, ClusterId cluster, string? code) => ExtensionMissingDiagnosis(
        $"Attach of {key} failed ({code}) because the Azure ML extension on {cluster.Name} is not installed.",
        "Install the extension and wait for Succeeded; the step is retried.");

    /// <summary>Attach failed, and re-reading the cluster shows why: the ML extension is not Succeeded yet.</summary>
    public static Diagnosis AttachFailedExtensionNotReady(string key, ClusterId cluster, string? code, string? state) => ExtensionNotReadyDiagnosis(
        $"Attach of {key} failed ({code}) because the Azure ML extension on {cluster.Name} is {state}.",
        "Wait for the extension to reach Succeeded; the step is retried.");

    // Namespaces

    public static Diagnosis NamespaceNotOwned(string ns, ClusterId cluster) => new Diagnosis(
        DiagnosisCodes.NamespaceNotOwned,
        $"Namespace {ns} already exists on {cluster.Name} without the label {ManagedLabels.ManagedBy}={ManagedLabels.ManagedByValue}; the automation does not take over namespaces it did not create.",
        "Choose another namespace in the policy, or set namespaceOwnership.adopt (or namespace.adopt) to true to adopt it.");

    public static Diagnosis NamespaceTerminating(string ns, ClusterId cluster) => new Diagnosis(
        DiagnosisCodes.NamespaceTerminating,
        $"Namespace {ns} on {cluster.Name} is being deleted.",
        "Nothing: the step is retried until it is gone, then creates it again.");

    public static Diagnosis ClusterAccessDenied(ClusterId cluster, string ns, int status, string? reason, NamespaceAccessStrategy access) => new Diagnosis(
        DiagnosisCodes.ClusterAccessDenied,
        $"The Kubernetes API of {cluster.Name} refused the automation ({status} {reason}) while reading namespace {ns}.",
        access == NamespaceAccessStrategy.KubernetesApi
            ? "Give the automation's identity Azure Kubernetes Service RBAC Cluster Admin (or a custom role with namespaces read/write) on the cluster, or use managed namespaces."
            : "Make the kubeconfig in Key Vault use a service account that may get, list, create and patch namespaces.");

    /// <summary>The rule reaches namespaces with an AKS-only strategy on an Arc cluster.</summary>
    public static Diagnosis NamespaceAccessNotForArc(string rule, NamespaceAccessStrategy access, ClusterId cluster) => Kubeconfig(
        $"Rule '{rule}' reaches namespaces with '{access}', which only works for AKS; {cluster.Name} is an Arc cluster.",
        "Give the rule namespaceAccess.strategy 'keyVaultKubeconfig' with a Key Vault, or restrict it to kind 'aks'.");

    /// <summary>The rule reads kubeconfigs from Key Vault but names no vault.</summary>
    public static Diagnosis KeyVaultNotNamed(string rule, ClusterId cluster) => Kubeconfig(
        $"Rule '{rule}' needs a Key Vault holding the kubeconfig of {cluster.Name}, and names none.",
        "Set namespaceAccess.keyVault.vaultUri (and secretName) on the rule.");

    /// <summary>The kubeconfig of a cluster could not be read or used.</summary>
    public static Diagnosis KubeconfigUnavailable(ClusterId cluster, string why) => Kubeconfig(
        $"No kubeconfig for {cluster.Name}: {why}.",
        "Store the cluster's kubeconfig (a service account limited to namespaces get/list/create/patch) in the rule's Key Vault under the configured secret name, and give the automation's identity Key Vault Secrets User.");

    /// <summary>
    /// The kubeconfig read from Key Vault asks for something the automation never does (runs a program, reads a file,
    /// skips TLS, talks plain HTTP, ...). Names the field, never its value.
    /// </summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="source">Where the kubeconfig came from, e.g. "Key Vault secret 'kubeconfig-arc-01'".</param>
    /// <param name="field">The refused field's path, e.g. <c>users[0].user.exec</c>.</param>
    /// <param name="reason">Why it is refused.</param>
    public static Diagnosis KubeconfigRefused(ClusterId cluster, string source, string field, string reason) => new Diagnosis(
        DiagnosisCodes.KubeconfigRefused,
        $"The kubeconfig of {cluster.Name} from {source} is refused: {field}: {reason}.",
        "Store a kubeconfig with exactly one cluster (an https server, certificate-authority-data), one user (token, or client-certificate-data with client-key-data) and one context; no exec, auth-provider, file paths, proxy-url, username/password or insecure-skip-tls-verify.");

    /// <summary>The cluster's Kubernetes RBAC still forbids the automation a verb on namespaces after the propagation deadline.</summary>
    public static Diagnosis KubernetesPermissionMissing(ClusterId cluster, string user, string verb, NamespaceAccessStrategy access) => new Diagnosis(
        DiagnosisCodes.KubernetesPermissionMissing,
        $"The Kubernetes API of {cluster.Name} forbids User \"{user}\" to {verb} namespaces, and kept forbidding it past the propagation deadline.",
        access == NamespaceAccessStrategy.KubernetesApi
            ? $"Grant principal {user} the role 'Azure Kubernetes Service RBAC Cluster Admin' at the cluster's scope (Azure RBAC for Kubernetes Authorization; namespaces are cluster-scoped, so a namespace-scoped role cannot create them), or, with Kubernetes RBAC, bind User {user} to a ClusterRole allowing get, list, create and patch on namespaces. A new grant takes minutes to apply; the next run retries."
            : $"Bind the Key Vault kubeconfig's user ({user}) to a ClusterRole allowing get, list, create and patch on namespaces (a ClusterRoleBinding); the next run retries.");

    /// <summary>The API server's TLS certificate does not chain to the CA the kubeconfig names (or does not name the server).</summary>
    public static Diagnosis KubernetesServerNotTrusted(ClusterId cluster, string source, string why) => new Diagnosis(
        DiagnosisCodes.KubernetesServerNotTrusted,
        $"The Kubernetes API server of {cluster.Name} is not trusted: {why}; the kubeconfig came from {source}.",
        "Put the cluster's own CA in the kubeconfig's certificate-authority-data (az aks get-credentials, or the cluster's kube-root-ca.crt), and check that its server is the cluster's API server address; TLS verification is never skipped.");

    /// <summary>The Key Vault secret name rendered for a cluster is not allowed (uses tags or shared values, or is not a valid secret name).</summary>
    public static Diagnosis KubeconfigSecretNameRefused(string template, string reason, ClusterId cluster) => new Diagnosis(
        DiagnosisCodes.KubeconfigSecretNameRefused,
        $"The Key Vault secret name template '{template}' cannot be used for {cluster.Name}: {reason}.",
        "Write namespaceAccess.keyVault.secretName with {cluster} (and optionally {resourceGroup}) only, e.g. 'kubeconfig-{cluster}'.");

    /// <summary>A namespace the platform or an add-on owns: the automation never creates, labels or adopts it.</summary>
    public static Diagnosis NamespaceReserved(string ns, ClusterId cluster) => new Diagnosis(
        DiagnosisCodes.NamespaceReserved,
        $"Namespace {ns} on {cluster.Name} is reserved for the cluster, the Azure ML extension or a platform add-on; the automation never creates, labels or adopts it.",
        "Choose a namespace of your own in the policy (namespace.name).");

    /// <summary>
    /// An AKS managed-namespace operation (PUT or DELETE, long-running) ended Failed or Canceled: Azure's own error code
    /// and message, as the operation reported them.
    /// </summary>
    public static Diagnosis ManagedNamespaceOperationFailed(string ns, ClusterId cluster, string operation, string code, string message) => new Diagnosis(
        DiagnosisCodes.ManagedNamespaceOperationFailed,
        $"The {operation} of managed namespace {ns} on {cluster.Name} ended with Azure's error {code}: {message}",
        "Act on Azure's error (for example a quota or a cluster that is not running), then run the reconcile again; the namespace step writes the managed namespace again.");

    // Workspace and attach

    public static Diagnosis WorkspaceNotFound(WorkspaceRef workspace) => new Diagnosis(
        DiagnosisCodes.WorkspaceNotFound,
        $"Workspace {workspace.Id} does not exist or the automation cannot read it.",
        "Check the workspace id in the policy and that the automation's identity has read access to it.");

    public static Diagnosis WorkspaceIdentityMissingExtensionContributor(string key, WorkspaceRef workspace, ClusterId cluster) => new Diagnosis(
        DiagnosisCodes.WorkspaceIdentityMissingExtensionContributor,
        $"Attach of {key} reported that the extension is not installed, but it is Succeeded: workspace {workspace.Name}'s user-assigned identity lacks Kubernetes Extension Contributor on {cluster.Name}.",
        "Let the automation grant it (it needs RBAC Administrator allowing that role at the cluster scope), or grant it by hand.");

    public static Diagnosis WorkspaceIdentityMissingClusterAdmin(string key, WorkspaceRef workspace, ClusterId cluster) => new Diagnosis(
        DiagnosisCodes.WorkspaceIdentityMissingClusterAdmin,
        $"Attach of {key} failed with an internal server error: workspace {workspace.Name}'s user-assigned identity lacks Azure Kubernetes Service Cluster Admin Role on {cluster.Name}.",
        "Let the automation grant it (it needs RBAC Administrator allowing that role at the cluster scope), or grant it by hand.");

    /// <summary>The compute name is taken by a compute of another type (never overwritten).</summary>
    public static Diagnosis ComputeNameTakenByOtherType(string computeName, WorkspaceRef workspace, string? computeType) => AttachFailed(
        $"The name {computeName} in workspace {workspace.Name} is taken by a {computeType} compute; the automation never overwrites it.",
        "Rename the attachment's compute in the policy, or remove the other compute.");

    /// <summary>The compute is being created, updated or deleted: it is judged once it settles.</summary>
    public static Diagnosis ComputeStillProvisioning(string key, string? state) => AttachFailed(
        $"Compute {key} is {state}; waiting for it to settle before judging it.",
        "Nothing: the step is retried until the operation on the compute finishes.");

    /// <summary>Attach answered an internal server error although its prerequisites hold (usually role propagation).</summary>
    public static Diagnosis AttachInternalError(string key, string? message) => AttachFailed(
        $"Attach of {key} failed with an internal server error although the extension is Succeeded and the roles are granted ({message}).",
        "Usually role propagation; the step is retried. If it persists, check the extension's health on the cluster.");

    /// <summary>Attach failed for a reason the automation cannot fix.</summary>
    public static Diagnosis AttachRejected(string key, string? code, string? message) => AttachFailed(
        $"Attach of {key} failed: {code}: {message}",
        "Read the error; fix the cluster or the policy, then re-run.");

    public static Diagnosis RelayNamespaceMissing(WorkspaceRef workspace, ClusterId cluster) => new Diagnosis(
        DiagnosisCodes.RelayNamespaceMissing,
        $"The Relay namespace of {cluster.Name}'s Azure ML extension does not exist (or the extension names none in relayserver.hybridConnectionResourceID): workspace {workspace.Name} uses a user-assigned identity, which needs Azure Relay Owner on the Relay namespace the ML extension creates for this cluster; no other Relay of {cluster.ResourceGroup} is used instead.",
        "Check that the Azure ML extension installed completely on the Arc cluster (it creates the cluster's Relay namespace), or reinstall it.");

    public static Diagnosis ComputeIdentityMissing(string key, BuiltInRole role) => new Diagnosis(
        DiagnosisCodes.ComputeIdentityMissing,
        $"Compute {key} has no identity principal to grant {role.DisplayName} to.",
        "Check the compute's identity; the next reconcile detaches and attaches it again if it drifted.");

    public static Diagnosis ComputeNameCollision(string key, ClusterId attachedTo, ClusterId wanted) => new Diagnosis(
        DiagnosisCodes.ComputeNameCollision,
        $"Compute {key} is attached to {attachedTo.Name}, but the policy renders the same name for {wanted.Name}; the automation does not take it over.",
        "Make the compute name template unique per cluster (keep more of the name with {cluster:N}), or detach the other compute if it is stale.");

    /// <summary>
    /// The attach PUT answered success but the compute is not what it asked for: Azure does not update an existing
    /// compute in place (Microsoft Learn, "Azure Machine Learning known issues", issue 1002), e.g. when another writer
    /// attached the name between the read and the write.
    /// </summary>
    public static Diagnosis ComputeWriteNotApplied(string key, string reason) => new Diagnosis(
        DiagnosisCodes.ComputeWriteNotApplied,
        $"The attach of {key} answered success but did not take effect ({reason}); Azure ML does not update an existing compute in place.",
        "Nothing: the step is retried, and detaches the compute and attaches it again.");

    // Role assignments

    public static Diagnosis AutomationNotAuthorized(BuiltInRole role, string scopeName) => new Diagnosis(
        DiagnosisCodes.AutomationNotAuthorized,
        $"The automation may not assign {role.DisplayName} on {scopeName} (AuthorizationFailed).",
        "Give the automation's identity Role Based Access Control Administrator at that scope (or above) with the ABAC condition from infra/, which allows exactly the roles in the allow-list to ServicePrincipal principals.");

    public static Diagnosis PrincipalNotReplicated(string principalId, BuiltInRole role, string scopeName) => new Diagnosis(
        DiagnosisCodes.PrincipalNotReplicated,
        $"Principal {principalId} is still unknown to RBAC (PrincipalNotFound) after the replication deadline while granting {role.DisplayName} on {scopeName}.",
        "Nothing if the identity was just created: the step is retried. If it persists, check that the identity exists.");

    public static Diagnosis GrantScopeNotFound(BuiltInRole role, string scopeName) => new Diagnosis(
        DiagnosisCodes.GrantScopeNotFound,
        $"{scopeName} does not exist, so {role.DisplayName} cannot be granted on it.",
        "Fix the resource id in the policy, or create the resource.");

    /// <summary>
    /// The deterministic name of a grant is already used by another role assignment in the tenant (names are unique
    /// across the tenant, not per scope): Azure refuses the PUT with RoleAssignmentUpdateNotPermitted, and retrying
    /// never helps.
    /// </summary>
    public static Diagnosis RoleAssignmentNameTaken(BuiltInRole role, string scopeName, Guid name) => new Diagnosis(
        DiagnosisCodes.RoleAssignmentNameTaken,
        $"{role.DisplayName} cannot be granted on {scopeName}: the role assignment name {name:D} the automation derives for it is already used by another assignment in the tenant (at another scope, or for another role or principal), and Azure does not let an assignment change (RoleAssignmentUpdateNotPermitted).",
        $"Find the assignment named {name:D} (az role assignment list --all --query \"[?name=='{name:D}']\") and delete it if it is stale (e.g. left on a resource that was deleted and created again); the next run grants the role.");

    public static Diagnosis RoleAssignmentLimit(string scopeName) => new Diagnosis(
        DiagnosisCodes.RoleAssignmentLimit,
        $"The subscription of {scopeName} has reached its role assignment limit.",
        "Remove unused role assignments (the limit is fixed per subscription).");

    // Workspace identity pinning (cluster-level roles go only to an allowed primary user-assigned identity)

    /// <summary>The workspace's primary identity is not on the deployment's allow-list: no cluster-level role is granted.</summary>
    public static Diagnosis WorkspaceIdentityNotAllowed(WorkspaceRef workspace, string identityId, string principalId) => new Diagnosis(
        DiagnosisCodes.WorkspaceIdentityNotAllowed,
        $"Workspace identity {identityId} (principal {principalId}) of workspace {workspace.Name} is not allowed to receive cluster-level roles (Reader, Kubernetes Extension Contributor, Azure Kubernetes Service Cluster Admin Role, Azure Relay Owner); nothing was granted and the attachment is blocked.",
        $"If this identity should administer the clusters attached to {workspace.Name}, add principal {principalId} to the deployment parameter workspaceIdentityPrincipalIds / app setting {WorkspaceIdentityAllowList.SettingName}; otherwise set the workspace's primaryUserAssignedIdentity back to an allowed identity.");

    /// <summary>The workspace uses user-assigned identities but names none as primary: which one acts for it is unknown.</summary>
    public static Diagnosis WorkspacePrimaryIdentityMissing(WorkspaceRef workspace) => new Diagnosis(
        DiagnosisCodes.WorkspacePrimaryIdentityMissing,
        $"Workspace {workspace.Name} uses user-assigned identities but reports no primaryUserAssignedIdentity; no cluster-level role is granted to any of them and the attachment is blocked.",
        "Set the workspace's primaryUserAssignedIdentity (e.g. az ml workspace update --primary-user-assigned-identity <identity id>) to an identity allowed in workspaceIdentityPrincipalIds.");

    /// <summary>The policy lists the workspace's principal, but the deployment's setting does not: a policy narrows, never widens.</summary>
    public static Diagnosis WorkspaceIdentityWidenedByPolicy(WorkspaceRef workspace, string identityId, string principalId) => new Diagnosis(
        DiagnosisCodes.WorkspaceIdentityWidenedByPolicy,
        $"Workspace identity {identityId} (principal {principalId}) of workspace {workspace.Name} is listed in the policy's workspaceIdentityPrincipalIds but not in {WorkspaceIdentityAllowList.SettingName}: a policy can only narrow the identities the deployment allows, never widen them; nothing was granted and the attachment is blocked.",
        $"Add principal {principalId} to the deployment parameter workspaceIdentityPrincipalIds / app setting {WorkspaceIdentityAllowList.SettingName} (a deployment change, reviewed as such), or remove it from the policy.");

    /// <summary>The deployment allows the principal, but the policy narrows this workspace to other principals.</summary>
    public static Diagnosis WorkspaceIdentityNotInPolicy(WorkspaceRef workspace, string identityId, string principalId) => new Diagnosis(
        DiagnosisCodes.WorkspaceIdentityNotInPolicy,
        $"Workspace identity {identityId} (principal {principalId}) of workspace {workspace.Name} is not among the principals the policy's workspaceIdentityPrincipalIds allows for this workspace; nothing was granted and the attachment is blocked.",
        "Set the workspace's primaryUserAssignedIdentity back to an identity the policy names, or add this principal to the attachment's workspaceIdentityPrincipalIds.");

    /// <summary>The primary identity the workspace names is not among its user-assigned identities (no principal to pin).</summary>
    public static Diagnosis WorkspacePrimaryIdentityUnknown(WorkspaceRef workspace, string identityId) => new Diagnosis(
        DiagnosisCodes.WorkspacePrimaryIdentityUnknown,
        $"Workspace {workspace.Name} names {identityId} as primaryUserAssignedIdentity, but that identity is not among its userAssignedIdentities (no principal id); no cluster-level role is granted and the attachment is blocked.",
        "Assign that identity to the workspace, or set primaryUserAssignedIdentity to one of the workspace's identities that is allowed in workspaceIdentityPrincipalIds.");

    // Fan-out caps

    /// <summary>The matched rule gives this cluster more attachments than one cluster may resolve to.</summary>
    public static Diagnosis TooManyAttachments(ClusterId cluster, string ruleName, int count, int limit) => FanOutLimit(
        $"Rule '{ruleName}' gives cluster {cluster} {count} attachments; one cluster may resolve to at most {limit} (PolicyLimits.MaxAttachmentsPerCluster). Nothing is attached to it.",
        "Split the rule's attachments over several rules that match narrower sets of clusters.");

    /// <summary>The matched rule gives this cluster more namespaces than one cluster may hold for the automation.</summary>
    public static Diagnosis TooManyNamespaces(ClusterId cluster, string ruleName, int count, int limit) => FanOutLimit(
        $"Rule '{ruleName}' gives cluster {cluster} {count} namespaces; the automation manages at most {limit} per cluster (PolicyLimits.MaxNamespacesPerCluster). Nothing is attached to it.",
        "Share namespaces between attachments (\"shared\": true), or split the rule.");

    // Generic

    /// <summary>
    /// The diagnosis of any failure: a diagnosed one carries its own; ARM and Kubernetes failures are described by
    /// status and code, anything else by its type and the classifier's reason.
    /// </summary>
    public static Diagnosis FromException(Exception exception, ErrorClassification classification)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var retryable = classification.IsRetryable;
        return exception switch
        {
            DiagnosedException d => d.Diagnosis,
            ArmRequestException arm => Generic(retryable, $"ARM answered {arm.Status} {arm.Code}: {arm.ArmMessage}", "Fix the request's cause (see the message)."),
            KubernetesRequestException k8s => Generic(retryable, $"The Kubernetes API answered {k8s.Status} {k8s.Reason}.", "Check the automation's access to the cluster."),
            _ => Generic(retryable, $"{exception.GetType().Name}: {classification.Reason}", "See the logs."),
        };
    }

    /// <summary>A long-running ARM operation did not finish within its deadline.</summary>
    public static Diagnosis OperationTimedOut(string operation, TimeSpan timeout) => TransientFailuresExhausted(
        $"The operation {operation} did not finish within {timeout}.",
        "It may still complete; the step is retried and re-checks it.");

    /// <summary>A retryable step that kept failing, when its own diagnosis could not be read back.</summary>
    public static Diagnosis StepKeptFailing(string detail) => TransientFailuresExhausted(
        $"The step kept failing: {detail}",
        "Transient: the drift repair or the next event retries it. If it persists, see the logs.");

    /// <summary>A transient failure described only by a message (exception constructors without a diagnosis).</summary>
    public static Diagnosis Transient(string message) => TransientFailuresExhausted(message, "none");

    /// <summary>A failure described only by a message (exception constructors without a diagnosis).</summary>
    public static Diagnosis Rejected(string message) => RequestRejected(message, "none");

    /// <summary>A diagnosis carried across a process boundary (serialized by one activity, read by its orchestration).</summary>
    public static Diagnosis Carried(string code, string message, string fix) => new Diagnosis(code, message, fix);

    private static Diagnosis Generic(bool retryable, string message, string fatalFix) => retryable
        ? TransientFailuresExhausted(message, "Transient: the step is retried, and the drift repair runs it again if the retries run out.")
        : RequestRejected(message, fatalFix);

    private static Diagnosis FanOutLimit(string message, string fix) => new Diagnosis(DiagnosisCodes.FanOutLimitExceeded, message, fix);

    private static Diagnosis NameTemplate(string message, string fix) => new Diagnosis(DiagnosisCodes.NameTemplateInvalid, message, fix);

    private static Diagnosis ExtensionMissingDiagnosis(string message, string fix) => new Diagnosis(DiagnosisCodes.ExtensionMissing, message, fix);

    private static Diagnosis ExtensionNotReadyDiagnosis(string message, string fix) => new Diagnosis(DiagnosisCodes.ExtensionNotReady, message, fix);

    private static Diagnosis Kubeconfig(string message, string fix) => new Diagnosis(DiagnosisCodes.KubeconfigUnavailable, message, fix);

    private static Diagnosis AttachFailed(string message, string fix) => new Diagnosis(DiagnosisCodes.AttachFailed, message, fix);

    private static Diagnosis TransientFailuresExhausted(string message, string fix) => new Diagnosis(DiagnosisCodes.TransientFailuresExhausted, message, fix);

    private static Diagnosis RequestRejected(string message, string fix) => new Diagnosis(DiagnosisCodes.RequestRejected, message, fix);
}
