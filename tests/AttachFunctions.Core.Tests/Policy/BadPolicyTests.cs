using System.Text.Json.Nodes;
using AttachFunctions.Core.Policy;
using static AttachFunctions.Core.Tests.Policy.PolicyFixtures;

namespace AttachFunctions.Core.Tests.Policy;

/// <summary>Each row mutates the valid base policy and expects one error at a JSON path with a distinctive message.</summary>
public sealed class BadPolicyTests
{
    private const string A0 = "/rules/0/attachments/0";
    private const string A0Path = "$.rules[0].attachments[0]";
    private const string Arc0 = "/rules/1/attachments/0";
    private const string Arc0Path = "$.rules[1].attachments[0]";

    private static readonly BadCase[] Cases =
    [
        // Schema: structure, types, enums, required properties.
        new("unknown root property", r => r["foo"] = 1, "$.foo", "unknown property 'foo' (allowed: $schema, version, scope, namespaceOwnership, rules)"),
        new("misspelt attachment property", r => Set(r, A0 + "/computeNmae", "x"), A0Path + ".computeNmae", "unknown property 'computeNmae'"),
        new("unknown grant property", r => Set(r, A0 + "/grants/0/principal", "x"), A0Path + ".grants[0].principal", "allowed: role, scope"),
        new("unknown quantity", r => Set(r, A0 + "/instanceTypes/small/requests/gpu", "1"), A0Path + ".instanceTypes.small.requests.gpu", "unknown property 'gpu'"),
        new("missing workspace", r => Remove(r, A0 + "/workspace"), A0Path, "missing required property 'workspace'"),
        new("missing scope", r => Remove(r, "/scope"), "$", "missing required property 'scope'"),
        new("missing namespace", r => Remove(r, A0 + "/namespace"), A0Path, "missing required property 'namespace'"),
        new("missing grant scope", r => Remove(r, A0 + "/grants/0/scope"), A0Path + ".grants[0]", "missing required property 'scope'"),
        new("unknown cluster kind", r => Set(r, "/rules/0/match/kind", "gke"), "$.rules[0].match.kind", "'kind' must be one of aks, arc (got 'gke')"),
        new("unknown access strategy", r => Set(r, "/rules/0/namespaceAccess/strategy", "ssh"), "$.rules[0].namespaceAccess.strategy", "must be one of managedNamespace, kubernetesApi, keyVaultKubeconfig"),
        new("unknown identity type", r => Set(r, A0 + "/identity/type", "None"), A0Path + ".identity.type", "must be one of SystemAssigned, UserAssigned"),
        new("unknown onClusterDelete", r => Set(r, A0 + "/onClusterDelete", "delete"), A0Path + ".onClusterDelete", "must be one of detach, keep"),
        new("version 2", r => r["version"] = 2, "$.version", "version is 1"),
        new("version as string", r => r["version"] = "1", "$.version", "'version' must be an integer, not a string"),
        new("no rules", r => r["rules"] = new JsonArray(), "$.rules", "'rules' needs at least 1 item"),
        new("no attachments", r => Set(r, "/rules/0/attachments", new JsonArray()), "$.rules[0].attachments", "'attachments' needs at least 1 item"),
        new("no subscriptions", r => Set(r, "/scope/subscriptions", new JsonArray()), "$.scope.subscriptions", "'subscriptions' needs at least 1 item"),
        new("label value not a string", r => Set(r, A0 + "/namespace/labels/team", 5), A0Path + ".namespace.labels.team", "must be a string, not a number"),
        new("shared not a boolean", r => Set(r, A0 + "/namespace/shared", "yes"), A0Path + ".namespace.shared", "must be a boolean"),
        new("computeName not a string", r => Set(r, A0 + "/computeName", 7), A0Path + ".computeName", "must be a string"),

        // Scope.
        new("subscription not a guid", r => Set(r, "/scope/subscriptions/0", "prod-sub"), "$.scope.subscriptions[0]", "'prod-sub' is not a subscription id"),
        new("duplicate subscription", r => At(r, "/scope/subscriptions").AsArray().Add(Sub1.ToUpperInvariant()), "$.scope.subscriptions[2]", "listed twice (also at subscriptions[0])"),
        new("resource group not an rg id", r => Set(r, "/scope/resourceGroups/0", "rg-aks"), "$.scope.resourceGroups[0]", "is not a resource group id"),
        new("resource group in other subscription", r => Set(r, "/scope/resourceGroups/0", "/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-x"), "$.scope.resourceGroups[0]", "which is not in scope.subscriptions"),

        // Resource ids and their types.
        new("workspace not an id", r => Set(r, A0 + "/workspace", "ws-research"), A0Path + ".workspace", "'ws-research' is not a valid resource id; expected an Azure ML workspace id"),
        new("workspace is a compute", r => Set(r, A0 + "/workspace", WsResearch + "/computes/c1"), A0Path + ".workspace", $"not an Azure ML workspace id; use '{WsResearch}'"),
        new("workspace is a storage account", r => Set(r, A0 + "/workspace", Storage), A0Path + ".workspace", "is a Microsoft.Storage/storageAccounts, not an Azure ML workspace id"),
        new("workspace outside subscriptions", r => Set(r, A0 + "/workspace", WsResearch.Replace(Sub1, "33333333-3333-3333-3333-333333333333", StringComparison.Ordinal)), A0Path + ".workspace", "subscription 33333333-3333-3333-3333-333333333333 is not in scope.subscriptions"),
        new("workspace outside resource groups", r => Set(r, A0 + "/workspace", WsResearch.Replace("rg-ml", "rg-other", StringComparison.Ordinal)), A0Path + ".workspace", "resource group 'rg-other'"),
        new("identity of wrong type", r => Set(r, Arc0 + "/identity/userAssignedIdentities/0", WsProd), Arc0Path + ".identity.userAssignedIdentities[0]", "not a user-assigned identity id"),
        new("identity outside scope", r => Set(r, Arc0 + "/identity/userAssignedIdentities/0", Identity.Replace(Sub1, "33333333-3333-3333-3333-333333333333", StringComparison.Ordinal)), Arc0Path + ".identity.userAssignedIdentities[0]", "outside the policy's scope"),
        new("AcrPull on storage", r => Set(r, A0 + "/grants/0/scope", Storage), A0Path + ".grants[0].scope", "not a container registry id (Microsoft.ContainerRegistry/registries)"),
        new("blob role on registry", r => Set(r, A0 + "/grants/1/scope", Acr), A0Path + ".grants[1].scope", "not a storage account or blob container id (Microsoft.Storage/storageAccounts or Microsoft.Storage/storageAccounts/blobServices/containers)"),
        new("grant scope outside scope", r => Set(r, A0 + "/grants/0/scope", Acr.Replace("rg-ml", "rg-shared", StringComparison.Ordinal)), A0Path + ".grants[0].scope", "resource group 'rg-shared'"),

        // Roles.
        new("role Owner", r => Set(r, A0 + "/grants/0/role", "Owner"), A0Path + ".grants[0].role", "the automation never grants 'Owner'"),
        new("role User Access Administrator", r => Set(r, A0 + "/grants/0/role", "User Access Administrator"), A0Path + ".grants[0].role", "never grants 'User Access Administrator'"),
        new("role Contributor", r => Set(r, A0 + "/grants/0/role", "Contributor"), A0Path + ".grants[0].role", "never grants 'Contributor'"),
        new("role wrong case", r => Set(r, A0 + "/grants/0/role", "acrpull"), A0Path + ".grants[0].role", "did you mean 'AcrPull'?"),
        new("role prerequisite", r => Set(r, A0 + "/grants/0/role", "Reader"), A0Path + ".grants[0].role", "never to a compute identity"),
        new("role unknown", r => Set(r, A0 + "/grants/0/role", "Foo"), A0Path + ".grants[0].role", "unknown role 'Foo' (allowed: AcrPull, StorageBlobDataReader, StorageBlobDataContributor)"),
        new("duplicate grant", r => Set(r, A0 + "/grants/1", Clone(r, A0 + "/grants/0")), A0Path + ".grants[1]", "is already listed at grants[0]"),

        // Identity.
        new("two user-assigned identities", r => At(r, Arc0 + "/identity/userAssignedIdentities").AsArray().Add(Identity + "2"), Arc0Path + ".identity.userAssignedIdentities[1]", "attach uses only the first"),
        new("no user-assigned identity", r => Set(r, Arc0 + "/identity/userAssignedIdentities", new JsonArray()), Arc0Path + ".identity.userAssignedIdentities", "needs exactly one id"),
        new("user-assigned without ids", r => Remove(r, Arc0 + "/identity/userAssignedIdentities"), Arc0Path + ".identity", "needs exactly one id"),
        new("system-assigned with ids", r => Set(r, A0 + "/identity/userAssignedIdentities", new JsonArray(Identity)), A0Path + ".identity.userAssignedIdentities", "takes no 'userAssignedIdentities'"),

        // Name templates.
        new("unknown token", r => Set(r, A0 + "/computeName", "{clustr}-x"), A0Path + ".computeName", "unknown token '{clustr}'"),
        new("unclosed token", r => Set(r, A0 + "/computeName", "{cluster"), A0Path + ".computeName", "is not closed"),
        new("truncation zero", r => Set(r, A0 + "/computeName", "c{cluster:0}"), A0Path + ".computeName", "whole number from 1 to 63"),
        new("compute starts with digit", r => Set(r, A0 + "/computeName", "1-{cluster:8}"), A0Path + ".computeName", "a compute name starts with a letter"),
        new("compute underscore", r => Set(r, A0 + "/computeName", "ml_{cluster:8}"), A0Path + ".computeName", "contains '_'"),
        new("compute always too long", r => Set(r, A0 + "/computeName", "averyveryverylongprefix-{cluster}"), A0Path + ".computeName", "renders at least 25 characters"),
        new("compute static too short", r => Set(r, A0 + "/computeName", "x"), A0Path + ".computeName", "a compute name has at least 2"),
        new("compute static too long via team", r => { Set(r, A0 + "/team", "a-very-long-team-name"); Set(r, A0 + "/computeName", "ml-{team}"); }, A0Path + ".computeName", "renders at least 24 characters"),
        new("team token without team", r => Set(r, Arc0 + "/computeName", "arc-{team}"), Arc0Path + ".computeName", "has no 'team'"),
        new("blank team", r => Set(r, A0 + "/team", " "), A0Path + ".team", "'team' must not be blank"),
        new("namespace uppercase", r => Set(r, A0 + "/namespace/name", "Team-{team}"), A0Path + ".namespace.name", "namespace names are lowercase"),
        new("namespace kube prefix", r => Set(r, A0 + "/namespace/name", "kube-{team}"), A0Path + ".namespace.name", "reserved for Kubernetes system namespaces"),
        new("namespace default", r => Set(r, Arc0 + "/namespace/name", "default"), Arc0Path + ".namespace.name", "'default' is reserved"),
        new("namespace azureml", r => Set(r, Arc0 + "/namespace/name", "azureml"), Arc0Path + ".namespace.name", "'azureml' is reserved"),
        new("namespace static too long", r => Set(r, Arc0 + "/namespace/name", new string('n', 64)), Arc0Path + ".namespace.name", "renders at least 64 characters"),
        new("namespace leading hyphen", r => Set(r, A0 + "/namespace/name", "-{team}"), A0Path + ".namespace.name", "starts with '-'"),
        new("namespace trailing hyphen", r => Set(r, A0 + "/namespace/name", "team-{team}-"), A0Path + ".namespace.name", "ends with '-'"),
        new("namespace dot", r => Set(r, A0 + "/namespace/name", "team.{team}"), A0Path + ".namespace.name", "contains '.'"),
        new("secret name underscore", r => Set(r, "/rules/1/namespaceAccess/keyVault/secretName", "{cluster}_kc"), "$.rules[1].namespaceAccess.keyVault.secretName", "contains '_'"),

        // Collisions within a rule.
        new("same compute name in one workspace", r =>
        {
            var copy = Clone(r, A0);
            copy["namespace"]!["name"] = "other-{team}";
            At(r, "/rules/0/attachments").AsArray().Add(copy);
        }, "$.rules[0].attachments[1].computeName", "same compute name '{cluster:9}-a' in the same workspace as attachments[0]"),
        new("same namespace not shared", r =>
        {
            var copy = Clone(r, A0);
            copy["workspace"] = WsProd;
            At(r, "/rules/0/attachments").AsArray().Add(copy);
        }, "$.rules[0].attachments[1].namespace.name", "namespace 'team-a' is also used by attachments[0]"),

        // Labels and annotations.
        new("label managed-by", r => Set(r, A0 + "/namespace/labels/app.kubernetes.io~1managed-by", "me"), A0Path + ".namespace.labels['app.kubernetes.io/managed-by']", "is set by the automation itself"),
        new("annotation attachfunctions prefix", r => Set(r, A0 + "/namespace/annotations/attachfunctions.io~1owner", "me"), A0Path + ".namespace.annotations['attachfunctions.io/owner']", "is set by the automation itself"),
        new("label aks prefix", r => Set(r, A0 + "/namespace/labels/kubernetes.azure.com~1managedby", "x"), A0Path + ".namespace.labels['kubernetes.azure.com/managedby']", "is set by the automation itself"),
        new("label key with space", r => Set(r, A0 + "/namespace/labels/cost center", "x"), A0Path + ".namespace.labels['cost center']", "invalid label key"),
        new("label key bad prefix", r => Set(r, A0 + "/namespace/labels/Contoso.com~1team", "x"), A0Path + ".namespace.labels['Contoso.com/team']", "must be a DNS subdomain"),
        new("label value with space", r => Set(r, A0 + "/namespace/labels/team", "team a"), A0Path + ".namespace.labels.team", "invalid value of label 'team'"),
        new("label value too long", r => Set(r, A0 + "/namespace/labels/team", new string('v', 64)), A0Path + ".namespace.labels.team", "at most 63 characters"),
        new("annotation key bad", r => Set(r, A0 + "/namespace/annotations/-bad", "x"), A0Path + ".namespace.annotations['-bad']", "invalid annotation key"),

        // Instance types.
        new("default instance type unknown", r => Set(r, A0 + "/defaultInstanceType", "large"), A0Path + ".defaultInstanceType", "'large' is not one of the instanceTypes (small)"),
        new("cpu not a quantity", r => Set(r, A0 + "/instanceTypes/small/requests/cpu", "lots"), A0Path + ".instanceTypes.small.requests.cpu", "'lots' is not a Kubernetes quantity; write e.g. 500m"),
        new("memory GB", r => Set(r, A0 + "/instanceTypes/small/limits/memory", "4GB"), A0Path + ".instanceTypes.small.limits.memory", "'4GB' is not a Kubernetes quantity; write e.g. 4Gi"),
        new("limit below request", r => Set(r, A0 + "/instanceTypes/small/limits/cpu", "250m"), A0Path + ".instanceTypes.small.limits.cpu", "limit 250m is below the request 500m"),
        new("memory limit below request", r => Set(r, A0 + "/instanceTypes/small/limits/memory", "512Mi"), A0Path + ".instanceTypes.small.limits.memory", "below the request 1Gi"),
        new("fractional gpu", r => Set(r, A0 + "/instanceTypes/small/requests/nvidia.com~1gpu", "0.5"), A0Path + ".instanceTypes.small.requests['nvidia.com/gpu']", "whole number of GPUs"),
        new("node selector value bad", r => Set(r, A0 + "/instanceTypes/small/nodeSelector/pool", "cpu pool"), A0Path + ".instanceTypes.small.nodeSelector.pool", "invalid node selector value"),

        // Namespace access per cluster kind.
        new("arc with managed namespaces", r => Set(r, "/rules/1/namespaceAccess", Node("""{ "strategy": "managedNamespace" }""")), "$.rules[1].namespaceAccess.strategy", "works only on AKS clusters and this rule matches Arc clusters"),
        new("arc with kubernetes api", r => Set(r, "/rules/1/namespaceAccess/strategy", "kubernetesApi"), "$.rules[1].namespaceAccess.strategy", "'kubernetesApi' works only on AKS"),
        new("arc without namespace access", r => Remove(r, "/rules/1/namespaceAccess"), "$.rules[1]", "Arc clusters need a kubeconfig from Key Vault"),
        new("kind omitted without access", r => { Remove(r, "/rules/0/match/kind"); Remove(r, "/rules/0/namespaceAccess"); }, "$.rules[0]", "no match.kind, so it can match Arc clusters"),
        new("kind omitted with managed namespaces", r => Remove(r, "/rules/0/match/kind"), "$.rules[0].namespaceAccess.strategy", "has no match.kind and can match Arc clusters"),
        new("key vault strategy without vault", r => Remove(r, "/rules/1/namespaceAccess/keyVault"), "$.rules[1].namespaceAccess", "'keyVaultKubeconfig' needs \"keyVault\""),
        new("vault uri http", r => Set(r, "/rules/1/namespaceAccess/keyVault/vaultUri", "http://kv-attach.vault.azure.net/"), "$.rules[1].namespaceAccess.keyVault.vaultUri", "is not an absolute https URI"),
        new("vault uri relative", r => Set(r, "/rules/1/namespaceAccess/keyVault/vaultUri", "kv-attach"), "$.rules[1].namespaceAccess.keyVault.vaultUri", "is not an absolute https URI"),
        new("vault without uri", r => Remove(r, "/rules/1/namespaceAccess/keyVault/vaultUri"), "$.rules[1].namespaceAccess.keyVault", "missing required property 'vaultUri'"),

        // Rules.
        new("duplicate rule name", r => Set(r, "/rules/1/name", "AKS"), "$.rules[1].name", "rule name 'AKS' is already used by rules[0]"),
        new("blank rule name", r => Set(r, "/rules/0/name", "  "), "$.rules[0].name", "a rule needs a name"),
        new("missing rule name", r => Remove(r, "/rules/0/name"), "$.rules[0]", "missing required property 'name'"),
        new("unreachable rule", r => { Set(r, "/rules/0/match", Node("""{ "kind": "arc" }""")); Set(r, "/rules/0/namespaceAccess", Clone(r, "/rules/1/namespaceAccess")); }, "$.rules[1].match", "this rule can never apply: rules[0] comes first"),
        new("match resource group outside scope", r => Set(r, "/rules/0/match/resourceGroups", new JsonArray("rg-other")), "$.rules[0].match.resourceGroups[0]", "'rg-other' is not in scope.resourceGroups"),
    ];

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    [Fact]
    public void Table_HasAtLeast45Rows_WithUniqueNames()
    {
        Assert.True(Cases.Length >= 45, $"{Cases.Length} rows");
        Assert.Equal(Cases.Length, Cases.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void Base_IsValid()
    {
        var result = PolicyLoader.Load(BaseJson);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Load_BadPolicy_ReportsPathAndMessage(string name)
    {
        var row = Cases.Single(c => c.Name == name);
        var result = PolicyLoader.Load(Mutate(row.Mutation));

        Assert.False(result.IsValid);
        Assert.Null(result.Policy);
        var all = string.Join(Environment.NewLine, result.Errors);
        var match = result.Errors.FirstOrDefault(e => e.Path == row.Path && e.Message.Contains(row.Fragment, StringComparison.Ordinal));
        Assert.True(match is not null, $"expected an error at {row.Path} containing \"{row.Fragment}\"; got:{Environment.NewLine}{all}");
        Assert.NotNull(match.Line);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Load_BadPolicy_ReportsOnlyErrorsAboutTheMutation(string name)
    {
        var row = Cases.Single(c => c.Name == name);
        var result = PolicyLoader.Load(Mutate(row.Mutation));

        // A single mutation yields one error: no cascade of unrelated complaints.
        Assert.True(result.Errors.Count == 1, string.Join(Environment.NewLine, result.Errors));
    }

    internal sealed record BadCase(string Name, Action<JsonNode> Mutation, string Path, string Fragment);
}
