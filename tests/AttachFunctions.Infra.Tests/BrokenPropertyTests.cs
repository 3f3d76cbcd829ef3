using System.Text.Json.Nodes;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Infra.Tests;

/// <summary>
/// Each check notices when its property is broken: the compiled template is copied, one property is changed the way
/// a careless edit would change it, and the check must report it.
/// </summary>
public sealed class BrokenPropertyTests(CompiledTemplate template)
{
    private static readonly Guid[] AllowList = RoleCatalog.All.Select(r => r.DefinitionGuid).ToArray();

    [Fact]
    public void RbacDelegation_ConditionRemoved_IsReported()
    {
        var root = template.Copy();
        foreach (var delegation in Delegations(root))
        {
            delegation.Properties.Remove("condition");
        }

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("no ABAC condition", StringComparison.Ordinal));
    }

    [Fact]
    public void RbacDelegation_ConditionVersionChanged_IsReported()
    {
        var root = template.Copy();
        Delegations(root).First().Properties["conditionVersion"] = "1.0";

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("conditionVersion", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("clusterRoleGuids")]
    [InlineData("registryRoleGuids")]
    [InlineData("storageRoleGuids")]
    public void RbacDelegation_GuidDroppedFromAList_IsReported(string list)
    {
        var root = template.Copy();
        var guids = root["variables"]![list]!.AsArray();
        var dropped = (string)guids[^1]!;
        guids.RemoveAt(guids.Count - 1);
        if (guids.Count == 0)
        {
            guids.Add(RoleCatalog.Reader.DefinitionGuid.ToString());
        }

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("missing [", StringComparison.Ordinal) && v.Contains(dropped, StringComparison.Ordinal));
    }

    [Fact]
    public void RbacDelegation_OwnerAddedToTheList_IsReported()
    {
        var root = template.Copy();
        root["variables"]!["clusterRoleGuids"]!.AsArray().Add("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("extra [8e3af657", StringComparison.Ordinal));
    }

    [Fact]
    public void RbacDelegation_AllowListGrowsWithoutTheCondition_IsReported()
    {
        // The product's list is the source of truth: a role added to RoleCatalog but not to the condition is caught too.
        var grown = AllowList.Append(Guid.Parse("b24988ac-6180-42a0-ab88-20f7382dd24c")).ToArray();

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(template.Copy(), grown), v => v.Contains("missing [b24988ac", StringComparison.Ordinal));
    }

    [Fact]
    public void RbacDelegation_SelfRefusalDropped_IsReported()
    {
        var root = template.Copy();
        var variables = DelegationModuleTemplates(root).First()["variables"]!.AsObject();
        variables["writeLimits"] = ((string)variables["writeLimits"]!).Replace("ForAnyOfAllValues:GuidNotEquals", "ForAnyOfAnyValues:GuidEquals", StringComparison.Ordinal);

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("does not refuse the automation", StringComparison.Ordinal));
    }

    [Fact]
    public void RbacDelegation_UserPrincipalsAllowed_IsReported()
    {
        var root = template.Copy();
        var variables = DelegationModuleTemplates(root).First()["variables"]!.AsObject();
        variables["writeLimits"] = ((string)variables["writeLimits"]!).Replace("{{''ServicePrincipal''}}", "{{''ServicePrincipal'', ''User''}}", StringComparison.Ordinal);

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("write clause", StringComparison.Ordinal) && v.Contains("ServicePrincipal only", StringComparison.Ordinal));
    }

    [Fact]
    public void RbacDelegation_NewOperator_IsReported()
    {
        var root = template.Copy();
        var variables = DelegationModuleTemplates(root).First()["variables"]!.AsObject();
        variables["writeLimits"] = ((string)variables["writeLimits"]!).Replace("ForAnyOfAnyValues:GuidEquals", "ForAllOfAllValues:GuidEquals", StringComparison.Ordinal);

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("syntax the evaluator does not know", StringComparison.Ordinal));
    }

    [Fact]
    public void PolicyContainer_WritableByTheApp_IsReported()
    {
        var root = template.Copy();
        var grant = Assert.Single(TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments"),
            r => ((string?)r.Resource["scope"] ?? string.Empty).Contains("policyContainerName", StringComparison.Ordinal));
        grant.Properties["roleDefinitionId"] = $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{SecurityChecks.StorageBlobDataContributorGuid}')]";

        Assert.Contains(SecurityChecks.PolicyAndPackageAreOutOfTheHostAccount(root), v => v.Contains("may only read the policy", StringComparison.Ordinal));
    }

    [Fact]
    public void ContentAccount_GrantedAccountWide_IsReported()
    {
        var root = template.Copy();
        var grant = Assert.Single(TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments"),
            r => ((string?)r.Resource["scope"] ?? string.Empty).Contains("policyContainerName", StringComparison.Ordinal));
        grant.Resource["scope"] = "[format('Microsoft.Storage/storageAccounts/{0}', parameters('storageAccountName'))]";

        Assert.Contains(SecurityChecks.PolicyAndPackageAreOutOfTheHostAccount(root), v => v.Contains("beyond one container", StringComparison.Ordinal));
    }

    [Fact]
    public void PolicyContainer_BackInTheHostAccount_IsReported()
    {
        var root = template.Copy();
        var host = Assert.Single(TemplateResource.Templates(root), t => t["variables"]?["storageBlobDataOwner"] is not null);
        host["resources"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "Microsoft.Storage/storageAccounts/blobServices/containers",
            ["apiVersion"] = "2023-05-01",
            ["name"] = "[format('{0}/{1}/{2}', parameters('storageAccountName'), 'default', parameters('policyContainerName'))]",
        });

        Assert.Contains(SecurityChecks.PolicyAndPackageAreOutOfTheHostAccount(root), v => v.Contains("beyond one container", StringComparison.Ordinal));
    }

    [Fact]
    public void KeyVault_SecretsUserOnTheWholeVault_IsReported()
    {
        var root = template.Copy();
        var grant = Assert.Single(TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments"),
            r => ((string?)r.Properties["roleDefinitionId"] ?? string.Empty).Contains("keyVaultSecretsUser", StringComparison.Ordinal));
        grant.Resource["scope"] = "[format('Microsoft.KeyVault/vaults/{0}', parameters('vaultName'))]";

        Assert.Contains(SecurityChecks.KeyVaultGrantsAreSecretScoped(root), v => v.Contains("not on one secret", StringComparison.Ordinal));
    }

    [Fact]
    public void CustomRole_ArcClusterConnectCredentialAddedBack_IsReported()
    {
        var root = template.Copy();
        var clusterRole = Assert.Single(TemplateResource.OfType(root, "Microsoft.Authorization/roleDefinitions"),
            r => ((string?)r.Properties["roleName"] ?? string.Empty).Contains("cluster reader", StringComparison.Ordinal));
        clusterRole.Properties["permissions"]![0]!["actions"]!.AsArray().Add("Microsoft.Kubernetes/connectedClusters/listClusterUserCredential/action");

        Assert.Contains(SecurityChecks.CustomRolesHoldOnlyCalledActions(root, SecurityPropertyTests.CalledActions),
            v => v.Contains("connectedClusters/listClusterUserCredential", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Storage_SharedKeyAccessEnabled_IsReported(int account)
    {
        var root = template.Copy();
        TemplateResource.OfType(root, "Microsoft.Storage/storageAccounts").ElementAt(account).Properties["allowSharedKeyAccess"] = true;

        Assert.Contains(SecurityChecks.StorageIsIdentityOnly(root), v => v.Contains("allowSharedKeyAccess", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Storage_SharedKeyAccessLeftToTheDefault_IsReported(int account)
    {
        var root = template.Copy();
        TemplateResource.OfType(root, "Microsoft.Storage/storageAccounts").ElementAt(account).Properties.Remove("allowSharedKeyAccess");

        Assert.Contains(SecurityChecks.StorageIsIdentityOnly(root), v => v.Contains("allowSharedKeyAccess", StringComparison.Ordinal));
    }

    [Fact]
    public void ApplicationInsights_LocalAuthEnabled_IsReported()
    {
        var root = template.Copy();
        Single(root, "Microsoft.Insights/components").Properties["DisableLocalAuth"] = false;

        Assert.NotEmpty(SecurityChecks.ApplicationInsightsLocalAuthIsOff(root));
    }

    [Theory]
    [InlineData("httpsOnly", null, "false")]
    [InlineData("siteConfig", "minTlsVersion", "\"1.0\"")]
    [InlineData("siteConfig", "ftpsState", "\"AllAllowed\"")]
    public void FunctionApp_SettingWeakened_IsReported(string property, string? child, string json)
    {
        var root = template.Copy();
        var site = Single(root, "Microsoft.Web/sites").Properties;
        if (child is null)
        {
            site[property] = JsonNode.Parse(json);
        }
        else
        {
            site[property]![child] = JsonNode.Parse(json);
        }

        Assert.NotEmpty(SecurityChecks.FunctionAppIsHardened(root));
    }

    [Fact]
    public void RoleAssignment_PrincipalTypeRemoved_IsReported()
    {
        var root = template.Copy();
        var first = TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments").First();
        first.Properties.Remove("principalType");

        Assert.Single(SecurityChecks.RoleAssignmentsAreExplicitAndDeterministic(root));
    }

    [Fact]
    public void RbacDelegation_PrincipalTypeRemoved_IsReported()
    {
        var root = template.Copy();
        Delegations(root).First().Properties.Remove("principalType");

        Assert.NotEmpty(SecurityChecks.RbacDelegationIsConstrained(root, AllowList));
        Assert.NotEmpty(SecurityChecks.RoleAssignmentsAreExplicitAndDeterministic(root));
    }

    [Fact]
    public void RoleAssignment_RandomName_IsReported()
    {
        var root = template.Copy();
        TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments").First().Resource["name"] = "[newGuid()]";

        Assert.Single(SecurityChecks.RoleAssignmentsAreExplicitAndDeterministic(root));
    }

    [Fact]
    public void AppSetting_StorageConnectionStringWithKey_IsReported()
    {
        var root = template.Copy();
        AppSettingsResource(root).Properties["AzureWebJobsStorage"] =
            "[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', parameters('storageAccountName'), listKeys(resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName')), '2023-05-01').keys[0].value)]";

        var violations = SecurityChecks.NoSecretsInSettingsOrOutputs(root);

        Assert.Contains(violations, v => v.Contains("AzureWebJobsStorage contains 'AccountKey='", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("AzureWebJobsStorage contains 'listKeys('", StringComparison.Ordinal));
    }

    [Fact]
    public void Output_ListKeys_IsReported()
    {
        var root = template.Copy();
        root["outputs"]!["STORAGE_KEY"] = new JsonObject
        {
            ["type"] = "string",
            ["value"] = "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2023-05-01').keys[0].value]",
        };

        Assert.Contains(SecurityChecks.NoSecretsInSettingsOrOutputs(root), v => v.Contains("output STORAGE_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void AppSettings_ExtraSetting_BreaksTheListedNames()
    {
        var root = template.Copy();
        AppSettingsResource(root).Properties["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";

        var written = SecurityChecks.AppSettings(root).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);

        Assert.False(written.SetEquals(InfraFiles.ReadAppSettings().Select(s => s.Name)));
    }

    [Fact]
    public void EventFilter_OperationDropped_IsReported()
    {
        var root = template.Copy();
        var filter = Single(root, "Microsoft.EventGrid/systemTopics/eventSubscriptions").Properties["filter"]!;
        filter["advancedFilters"]![0]!["values"] = new JsonArray(
            "Microsoft.ContainerService/managedClusters/write", "Microsoft.Kubernetes/connectedClusters/write");

        Assert.Contains(SecurityChecks.EventSubscriptionMatches(root, InfraFiles.ReadEventOperations()), v => v.Contains("data.operationName values", StringComparison.Ordinal));
    }

    [Fact]
    public void EventFilter_DeleteEventsNotIncluded_IsReported()
    {
        var root = template.Copy();
        var filter = Single(root, "Microsoft.EventGrid/systemTopics/eventSubscriptions").Properties["filter"]!;
        filter["includedEventTypes"] = new JsonArray("Microsoft.Resources.ResourceWriteSuccess");

        Assert.Contains(SecurityChecks.EventSubscriptionMatches(root, InfraFiles.ReadEventOperations()), v => v.Contains("includedEventTypes", StringComparison.Ordinal));
    }

    [Fact]
    public void EventSubscription_DeadLetterRemoved_IsReported()
    {
        var root = template.Copy();
        Single(root, "Microsoft.EventGrid/systemTopics/eventSubscriptions").Properties.Remove("deadLetterWithResourceIdentity");

        Assert.Contains(SecurityChecks.EventSubscriptionMatches(root, InfraFiles.ReadEventOperations()), v => v.Contains("dead-letter", StringComparison.Ordinal));
    }

    [Fact]
    public void EventGrid_ResourceGroupTopicInsteadOfSubscription_IsReported()
    {
        var root = template.Copy();
        Single(root, "Microsoft.EventGrid/systemTopics").Properties["topicType"] = "Microsoft.Resources.ResourceGroups";

        Assert.Contains(SecurityChecks.EventSubscriptionMatches(root, InfraFiles.ReadEventOperations()), v => v.Contains("subscription topic", StringComparison.Ordinal));
    }

    private static TemplateResource Single(JsonObject root, string type) => Assert.Single(TemplateResource.OfType(root, type));

    private static List<TemplateResource> Delegations(JsonObject root) =>
        TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments")
            .Where(r => ((string?)r.Properties["roleDefinitionId"] ?? string.Empty).Contains("rbacAdministrator", StringComparison.Ordinal))
            .ToList();

    private static List<JsonObject> DelegationModuleTemplates(JsonObject root) =>
        TemplateResource.Templates(root).Where(t => t["variables"]?["writeLimits"] is not null).ToList();

    private static TemplateResource AppSettingsResource(JsonObject root) =>
        Assert.Single(TemplateResource.OfType(root, "Microsoft.Web/sites/config"),
            r => ((string?)r.Resource["name"] ?? string.Empty).Contains("'appsettings'", StringComparison.Ordinal));
}
