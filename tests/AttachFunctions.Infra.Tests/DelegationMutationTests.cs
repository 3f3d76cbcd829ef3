using System.Text.Json.Nodes;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Infra.Tests;

/// <summary>
/// Each clause of the delegation conditions and each placement of a delegation matters: the compiled template is
/// copied, one clause is removed or widened (or one delegation moved) the way a careless edit would, and the request
/// table must then fail on the row that clause or placement protects.
/// </summary>
public sealed class DelegationMutationTests(CompiledTemplate template)
{
    private const string SelfRefusalWrite = " AND @Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAllValues:GuidNotEquals {{{1}}}";
    private const string SelfRefusalDelete = " AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAllValues:GuidNotEquals {{{1}}}";
    private const string TypeWrite = " AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {{''ServicePrincipal''}}";
    private const string TypeDelete = " AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {{''ServicePrincipal''}}";

    private static readonly Dictionary<string, (Action<JsonObject> Mutate, string BrokenRow)> Mutations = new(StringComparer.Ordinal)
    {
        ["ClusterSelfRefusalDropped"] = (root => Both(Cluster(root), SelfRefusalWrite, SelfRefusalDelete, ""),
            "Self_AksClusterAdmin_EvenIfListedAsWorkspaceIdentity_IsDenied"),
        ["RegistrySelfRefusalDropped"] = (root => Both(Compute(root), SelfRefusalWrite, SelfRefusalDelete, ""),
            "Self_AcrPull_IsDenied"),
        ["StorageSelfRefusalDropped"] = (root => Both(Compute(root), SelfRefusalWrite, SelfRefusalDelete, ""),
            "Self_StorageBlobDataContributor_IsDenied"),
        ["ClusterPrincipalPinningDropped"] = (root =>
            {
                Variables(Cluster(root))["requestAssignees"] = "";
                Variables(Cluster(root))["resourceAssignees"] = "";
            },
            "AksClusterAdmin_ToUnknownServicePrincipal_IsDenied"),
        ["ClusterPinningFedAnEmptyList"] = (root => ModuleParameters(root, "clusterDelegation")["assigneePrincipalIds"] = new JsonObject { ["value"] = new JsonArray() },
            "AksClusterAdmin_ToComputeIdentity_IsDenied"),
        ["ClusterRoleListWidenedWithOwner"] = (root => ((JsonArray)root["variables"]!["clusterRoleGuids"]!).Add(DelegationRequestTable.Owner.ToString()),
            "Owner_ToWorkspaceIdentity_OnCluster_IsDenied"),
        ["RegistryRoleListWidenedWithClusterAdmin"] = (root => ((JsonArray)root["variables"]!["registryRoleGuids"]!).Add(RoleCatalog.AksClusterAdmin.DefinitionGuid.ToString()),
            "AksClusterAdmin_ToWorkspaceIdentity_OnRegistry_IsDenied"),
        ["StorageRoleListWidenedWithUserAccessAdministrator"] = (root => ((JsonArray)root["variables"]!["storageRoleGuids"]!).Add(DelegationRequestTable.UserAccessAdministrator.ToString()),
            "UserAccessAdministrator_ToComputeIdentity_OnStorageAccount_IsDenied"),
        ["ClusterPrincipalTypeDropped"] = (root => Both(Cluster(root), TypeWrite, TypeDelete, ""),
            "AksClusterAdmin_ToGroup_IsDenied"),
        ["ComputePrincipalTypeDropped"] = (root => Both(Compute(root), TypeWrite, TypeDelete, ""),
            "AcrPull_ToUser_OnRegistry_IsDenied"),
        ["DeleteClauseLimitedToRolesOnly"] = (root =>
            {
                foreach (var module in new[] { Cluster(root), Compute(root) })
                {
                    Replace(module, "deleteLimits", SelfRefusalDelete, "");
                    Replace(module, "deleteLimits", "{2}", "");
                    Replace(module, "deleteLimits", TypeDelete, "");
                }
            },
            "AksClusterAdmin_ToGroup_IsDenied"),
        ["WriteAndDeleteJoinedWithOr"] = (root => Replace(Compute(root), "condition", "'({0}) AND ({1})'", "'({0}) OR ({1})'"),
            "Owner_ToComputeIdentity_OnRegistry_IsDenied"),
        ["UnknownOperatorIntroduced"] = (root => Replace(Cluster(root), "writeLimits", "ForAnyOfAnyValues:GuidEquals", "ForAllOfAnyValues:GuidEquals"),
            "AksClusterAdmin_ToAllowedWorkspaceIdentity_OnClusterGroup_IsAllowed"),
        ["ClusterDelegationMovedToTheSubscription"] = (root => Module(root, "clusterDelegation").Remove("resourceGroup"),
            "AksClusterAdmin_ToWorkspaceIdentity_OnUnlistedGroup_IsDenied"),
        ["ClusterDelegationInTheWrongGroup"] = (root => Module(root, "clusterDelegation")["resourceGroup"] = "rg-other",
            "AksClusterAdmin_ToAllowedWorkspaceIdentity_OnClusterGroup_IsAllowed"),
        ["RegistryDelegationWidenedToItsResourceGroup"] = (root => Assignment(root, "registry").Remove("scope"),
            "AcrPull_ToComputeIdentity_OnUnlistedRegistryInTheSameGroup_IsDenied"),
        ["StorageDelegationWidenedToItsResourceGroup"] = (root => Assignment(root, "storageAccount").Remove("scope"),
            "StorageBlobDataContributor_ToComputeIdentity_OnUnlistedStorageAccount_IsDenied"),
        ["RegistryDelegationOnTheWrongResourceType"] = (root => ReplaceScope(root, "registry", "Microsoft.ContainerRegistry/registries", "Microsoft.Storage/storageAccounts"),
            "AcrPull_ToComputeIdentity_OnRegistry_IsAllowed"),
        ["StorageDelegationOnTheWrongResourceType"] = (root => ReplaceScope(root, "storageAccount", "Microsoft.Storage/storageAccounts", "Microsoft.ContainerRegistry/registries"),
            "StorageBlobDataReader_ToComputeIdentity_OnStorageAccount_IsAllowed"),
        ["ComputeDelegationMovedToTheSubscription"] = (root => Module(root, "computeDelegation").Remove("resourceGroup"),
            "AcrPull_ToComputeIdentity_OnRegistry_IsAllowed"),
    };

    public static TheoryData<string> MutationNames => new(Mutations.Keys);

    [Theory]
    [MemberData(nameof(MutationNames))]
    public void Mutation_BreaksTheRowItProtects(string mutation)
    {
        var root = template.Copy();
        var (mutate, brokenRow) = Mutations[mutation];
        mutate(root);

        var failures = DelegationRequestTable.Failures(root);

        Assert.Contains(failures, f => f.StartsWith(brokenRow + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void Mutations_CoverEveryClauseAndPlacement()
    {
        // One mutation per clause (self-refusal, pinning, role list, principal type, delete, AND) and per placement.
        Assert.True(Mutations.Count >= 20);
        Assert.Empty(DelegationRequestTable.Failures(template.Copy()));
    }

    [Fact]
    public void ClusterDelegationMovedToTheSubscription_IsAlsoReportedByThePlacementCheck()
    {
        var root = template.Copy();
        Module(root, "clusterDelegation").Remove("resourceGroup");

        Assert.NotEmpty(SecurityChecks.DelegationsArePlacedOnTheListedScopes(root));
        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, RoleCatalog.All.Select(r => r.DefinitionGuid).ToArray()),
            v => v.Contains("wider than a resource group", StringComparison.Ordinal));
    }

    private static JsonObject Module(JsonObject root, string copyName) =>
        Assert.Single((root["resources"] as JsonArray ?? []).OfType<JsonObject>(), r => (string?)r["copy"]?["name"] == copyName);

    private static JsonObject ModuleParameters(JsonObject root, string copyName) => Module(root, copyName)["properties"]!["parameters"]!.AsObject();

    private static JsonObject Cluster(JsonObject root) => Module(root, "clusterDelegation")["properties"]!["template"]!.AsObject();

    private static JsonObject Compute(JsonObject root) => Module(root, "computeDelegation")["properties"]!["template"]!.AsObject();

    private static JsonObject Variables(JsonObject template) => template["variables"]!.AsObject();

    private static void Replace(JsonObject template, string variable, string old, string replacement)
    {
        var value = (string)Variables(template)[variable]!;
        Assert.Contains(old, value, StringComparison.Ordinal);
        Variables(template)[variable] = value.Replace(old, replacement, StringComparison.Ordinal);
    }

    private static void Both(JsonObject template, string write, string delete, string replacement)
    {
        Replace(template, "writeLimits", write, replacement);
        Replace(template, "deleteLimits", delete, replacement);
    }

    /// <summary>The compute delegation module's role assignment deployed for one target kind.</summary>
    private static JsonObject Assignment(JsonObject root, string kind) =>
        Assert.Single((Compute(root)["resources"] as JsonArray ?? []).OfType<JsonObject>(),
            r => ((string?)r["condition"] ?? string.Empty).Contains($"'{kind}'", StringComparison.Ordinal)
                && (string?)r["type"] == "Microsoft.Authorization/roleAssignments");

    private static void ReplaceScope(JsonObject root, string kind, string old, string replacement)
    {
        var assignment = Assignment(root, kind);
        var scope = (string)assignment["scope"]!;
        Assert.Contains(old, scope, StringComparison.Ordinal);
        assignment["scope"] = scope.Replace(old, replacement, StringComparison.Ordinal);
    }
}
