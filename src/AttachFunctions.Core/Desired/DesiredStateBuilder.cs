using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Naming;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Desired;

/// <summary>
/// Computes what the policy wants for one cluster: the matched rule's attachments with rendered compute and
/// namespace names, full namespace label sets, compute identity, grants, and the prerequisite grants a user-assigned
/// workspace identity needs. Pure: no I/O, same input → same output.
/// </summary>
public static class DesiredStateBuilder
{
    public static DesiredClusterState Build(AttachPolicy policy, ClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(cluster);

        if (!policy.Scope.Contains(cluster.Id.Id, out var scopeReason))
        {
            var blocker = Diagnoses.ClusterOutOfScope(cluster.Id, scopeReason);
            return new DesiredClusterState(cluster, null, [], [], [blocker]);
        }

        var rule = ClusterMatcher.FirstMatch(policy, cluster);
        if (rule is null)
        {
            return new DesiredClusterState(cluster, null, [], [], []);
        }

        var access = rule.NamespaceAccess?.Strategy ??
            (cluster.Kind == ClusterKind.Aks ? NamespaceAccessStrategy.ManagedNamespace : NamespaceAccessStrategy.KeyVaultKubeconfig);
        if (cluster.Kind == ClusterKind.Arc && access != NamespaceAccessStrategy.KeyVaultKubeconfig)
        {
            var blocker = Diagnoses.NamespaceAccessNotForArc(rule.Name, access, cluster.Id);
            return new DesiredClusterState(cluster, rule.Name, [], [], [blocker]);
        }

        if (rule.Attachments.Count > PolicyLimits.MaxAttachmentsPerCluster)
        {
            var blocker = Diagnoses.TooManyAttachments(cluster.Id, rule.Name, rule.Attachments.Count, PolicyLimits.MaxAttachmentsPerCluster);
            return new DesiredClusterState(cluster, rule.Name, [], [], [blocker]);
        }

        var issues = new List<AttachmentIssue>();
        var rendered = new List<Rendered>();
        foreach (var spec in rule.Attachments)
        {
            if (TryRender(rule, spec, cluster, access, out var item, out var issue))
            {
                rendered.Add(item);
            }
            else
            {
                issues.Add(issue);
            }
        }

        var namespaceCount = rendered.Select(r => r.NamespaceName).Distinct(StringComparer.Ordinal).Count();
        if (namespaceCount > PolicyLimits.MaxNamespacesPerCluster)
        {
            var blocker = Diagnoses.TooManyNamespaces(cluster.Id, rule.Name, namespaceCount, PolicyLimits.MaxNamespacesPerCluster);
            return new DesiredClusterState(cluster, rule.Name, [], [], [blocker]);
        }

        var attachments = new List<DesiredAttachment>();
        var computeNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in rendered.GroupBy(r => r.NamespaceName, StringComparer.Ordinal))
        {
            var members = group.ToList();
            var shared = members.Count > 1;
            if (shared && !members.All(m => m.Spec.Namespace.Shared))
            {
                foreach (var extra in members.Skip(1))
                {
                    issues.Add(new AttachmentIssue(extra.Key, Diagnoses.NamespaceClaimConflict(group.Key, cluster.Id, members[0].Key, extra.Key)));
                }

                members = [members[0]];
                shared = false;
            }

            var ns = BuildNamespace(policy, group.Key, members, shared, access);
            foreach (var m in members)
            {
                if (!computeNames.Add($"{m.Workspace.Id}/{m.ComputeName}"))
                {
                    issues.Add(new AttachmentIssue(m.Key, Diagnoses.ComputeNameRenderedTwice(m.ComputeName, m.Workspace, cluster.Id)));
                    continue;
                }

                attachments.Add(new DesiredAttachment(
                    rule.Name,
                    cluster.Id,
                    m.Workspace,
                    m.ComputeName,
                    ns,
                    m.Identity,
                    m.Spec.DefaultInstanceType,
                    m.Spec.InstanceTypes,
                    m.Grants,
                    PrerequisiteGrants.For(cluster.Id),
                    m.Spec.OnClusterDelete)
                {
                    WorkspaceIdentityPrincipalIds = m.Spec.WorkspaceIdentityPrincipalIds,
                });
            }
        }

        return new DesiredClusterState(cluster, rule.Name, attachments, issues, []);
    }

    private static bool TryRender(
        PolicyRule rule,
        AttachmentSpec spec,
        ClusterInfo cluster,
        NamespaceAccessStrategy access,
        out Rendered rendered,
        out AttachmentIssue issue)
    {
        rendered = null!;
        var workspace = WorkspaceRef.Parse(spec.Workspace);
        var values = new TemplateValues
        {
            Cluster = cluster.Id.Name,
            ResourceGroup = cluster.Id.ResourceGroup,
            Team = spec.Team,
            Workspace = workspace.Name,
            Tags = new Dictionary<string, string>(cluster.Tags, StringComparer.OrdinalIgnoreCase),
        };

        var target = $"{workspace.Name}/{spec.ComputeName}";
        if (!TryRenderName(spec.ComputeName, values, out var computeName, out var error) ||
            !ComputeNames.IsValid(computeName, out error))
        {
            issue = NameIssue(target, "compute name", spec.ComputeName, error, cluster);
            return false;
        }

        target = $"{workspace.Name}/{computeName}";
        if (!TryRenderName(spec.Namespace.Name, values, out var namespaceName, out error))
        {
            issue = NameIssue(target, "namespace", spec.Namespace.Name, error, cluster);
            return false;
        }

        if (KubernetesNames.IsReservedNamespace(namespaceName))
        {
            issue = new AttachmentIssue(target, Diagnoses.NamespaceReserved(namespaceName, cluster.Id));
            return false;
        }

        if (!KubernetesNames.IsValidNamespace(namespaceName, out error))
        {
            issue = NameIssue(target, "namespace", spec.Namespace.Name, error, cluster);
            return false;
        }

        if (cluster.Kind == ClusterKind.Aks &&
            !string.Equals(workspace.SubscriptionId, cluster.Id.SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            issue = new AttachmentIssue(target, Diagnoses.AksCrossSubscription(cluster.Id, workspace));
            return false;
        }

        var grants = new List<DesiredGrant>();
        foreach (var grant in spec.Grants)
        {
            var role = RoleCatalog.FindComputeGrant(grant.Role);
            if (role is null)
            {
                issue = new AttachmentIssue(target, Diagnoses.RoleNotAllowed(grant.Role));
                return false;
            }

            grants.Add(new DesiredGrant(role, grant.Scope));
        }

        var identity = spec.Identity.Type == ComputeIdentityType.UserAssigned
            ? new ComputeIdentity(ComputeIdentityType.UserAssigned, spec.Identity.UserAssignedIdentities.Count > 0 ? spec.Identity.UserAssignedIdentities[0] : null)
            : ComputeIdentity.SystemAssigned;

        KeyVaultKubeconfigRef? keyVault = null;
        if (access == NamespaceAccessStrategy.KeyVaultKubeconfig)
        {
            var source = rule.NamespaceAccess?.KeyVault;
            if (source is null || string.IsNullOrEmpty(source.VaultUri))
            {
                issue = new AttachmentIssue(target, Diagnoses.KeyVaultNotNamed(rule.Name, cluster.Id));
                return false;
            }

            if (!TryRenderSecretName(source.SecretName, cluster, out var secretName, out error))
            {
                issue = new AttachmentIssue(target, Diagnoses.KubeconfigSecretNameRefused(source.SecretName, error, cluster.Id));
                return false;
            }

            keyVault = new KeyVaultKubeconfigRef(source.VaultUri, secretName);
        }

        rendered = new Rendered(spec, workspace, computeName, namespaceName, identity, grants, keyVault);
        issue = null!;
        return true;
    }

    private static DesiredNamespace BuildNamespace(
        AttachPolicy policy,
        string name,
        IReadOnlyList<Rendered> members,
        bool shared,
        NamespaceAccessStrategy access)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            foreach (var (key, value) in member.Spec.Namespace.Labels)
            {
                labels.TryAdd(key, value);
            }

            foreach (var (key, value) in member.Spec.Namespace.Annotations)
            {
                annotations.TryAdd(key, value);
            }
        }

        labels[ManagedLabels.ManagedBy] = ManagedLabels.ManagedByValue;
        if (shared)
        {
            labels[ManagedLabels.Shared] = "true";
            annotations[ManagedLabels.AttachmentsAnnotation] =
                string.Join(",", members.Select(m => m.Key).Order(StringComparer.Ordinal));
        }
        else
        {
            labels[ManagedLabels.Workspace] = members[0].Workspace.Name;
            labels[ManagedLabels.Compute] = members[0].ComputeName;
        }

        var adopt = members.Any(m => m.Spec.Namespace.Adopt ?? policy.NamespaceOwnership.Adopt);
        return new DesiredNamespace(name, labels, annotations, shared, adopt, access, members[0].KeyVault);
    }

    private static bool TryRenderName(string template, TemplateValues values, out string name, out string error)
    {
        name = "";
        if (!NameTemplate.TryParse(template, out var parsed, out error))
        {
            return false;
        }

        try
        {
            name = parsed.Render(values);
            return true;
        }
        catch (TemplateRenderException ex)
        {
            error = ex.Reason;
            return false;
        }
    }

    /// <summary>
    /// Renders the kubeconfig secret name from the cluster's own identity only (never its tags, the workspace or the
    /// team), and checks that the result is a valid Key Vault secret name, whatever the policy's validation allowed.
    /// </summary>
    private static bool TryRenderSecretName(string template, ClusterInfo cluster, out string name, out string error)
    {
        name = "";
        if (!NameTemplate.TryParse(template, out var parsed, out error) || !KeyVaultSecretNames.IsAllowedTemplate(parsed, out error))
        {
            return false;
        }

        var identity = new TemplateValues { Cluster = cluster.Id.Name, ResourceGroup = cluster.Id.ResourceGroup };
        try
        {
            name = parsed.Render(identity);
        }
        catch (TemplateRenderException ex)
        {
            error = ex.Reason;
            return false;
        }

        return KeyVaultSecretNames.IsValidName(name, out error);
    }

    private static AttachmentIssue NameIssue(string target, string what, string template, string error, ClusterInfo cluster) =>
        new(target, Diagnoses.NameTemplateInvalid(what, template, error, cluster.Id));

    private sealed record Rendered(
        AttachmentSpec Spec,
        WorkspaceRef Workspace,
        string ComputeName,
        string NamespaceName,
        ComputeIdentity Identity,
        IReadOnlyList<DesiredGrant> Grants,
        KeyVaultKubeconfigRef? KeyVault)
    {
        public string Key => $"{Workspace.Name}/{ComputeName}";
    }
}
