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
        Delegation(root).Properties.Remove("condition");

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("no ABAC condition", StringComparison.Ordinal));
    }

    [Fact]
    public void RbacDelegation_ConditionVersionChanged_IsReported()
    {
        var root = template.Copy();
        Delegation(root).Properties["conditionVersion"] = "1.0";

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("conditionVersion", StringComparison.Ordinal));
    }

    [Fact]
    public void RbacDelegation_GuidDroppedFromTheList_IsReported()
    {
        var root = template.Copy();
        var guids = RoleGuidVariable(root);
        var dropped = (string)guids[^1]!;
        guids.RemoveAt(guids.Count - 1);

        var violations = SecurityChecks.RbacDelegationIsConstrained(root, AllowList);

        Assert.Contains(violations, v => v.Contains("write clause", StringComparison.Ordinal) && v.Contains(dropped, StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("delete clause", StringComparison.Ordinal) && v.Contains(dropped, StringComparison.Ordinal));
    }

    [Fact]
    public void RbacDelegation_OwnerAddedToTheList_IsReported()
    {
        var root = template.Copy();
        RoleGuidVariable(root).Add("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");

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
    public void RbacDelegation_ConditionWeakenedWithOr_IsReported()
    {
        var root = template.Copy();
        var condition = (string)Delegation(root).Properties["condition"]!;
        Delegation(root).Properties["condition"] = condition.Replace("'({0}) AND ({1})'", "'({0}) OR ({1})'", StringComparison.Ordinal);

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("documented write/delete shape", StringComparison.Ordinal));
    }

    [Fact]
    public void RbacDelegation_UserPrincipalsAllowed_IsReported()
    {
        var root = template.Copy();
        var variables = Delegation(root).Template["variables"]!.AsObject();
        variables["writeClause"] = ((string)variables["writeClause"]!).Replace("{{''ServicePrincipal''}}", "{{''ServicePrincipal'', ''User''}}", StringComparison.Ordinal);

        Assert.Contains(SecurityChecks.RbacDelegationIsConstrained(root, AllowList), v => v.Contains("write clause must allow principal type ServicePrincipal only", StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_SharedKeyAccessEnabled_IsReported()
    {
        var root = template.Copy();
        Single(root, "Microsoft.Storage/storageAccounts").Properties["allowSharedKeyAccess"] = true;

        Assert.Contains(SecurityChecks.StorageIsIdentityOnly(root), v => v.Contains("allowSharedKeyAccess", StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_SharedKeyAccessLeftToTheDefault_IsReported()
    {
        var root = template.Copy();
        Single(root, "Microsoft.Storage/storageAccounts").Properties.Remove("allowSharedKeyAccess");

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
        Delegation(root).Properties.Remove("principalType");

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

    private static TemplateResource Delegation(JsonObject root) =>
        Assert.Single(TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments"),
            r => ((string?)r.Properties["roleDefinitionId"] ?? string.Empty).Contains("rbacAdministrator", StringComparison.Ordinal));

    private static JsonArray RoleGuidVariable(JsonObject root) =>
        Delegation(root).Template["variables"]!["assignableRoleGuids"]!.AsArray();

    private static TemplateResource AppSettingsResource(JsonObject root) =>
        Assert.Single(TemplateResource.OfType(root, "Microsoft.Web/sites/config"),
            r => ((string?)r.Resource["name"] ?? string.Empty).Contains("'appsettings'", StringComparison.Ordinal));
}
