using System.Globalization;
using System.Text.Json.Nodes;

namespace AttachFunctions.Infra.Tests;

/// <summary>
/// The security properties of the compiled template, each a function from the ARM JSON to the list of violations it
/// finds (empty = the property holds). The tests run them on the real compiled template, and on mutated copies to prove
/// that each check notices when its property is broken.
/// </summary>
public static class SecurityChecks
{
    public const string RbacAdministratorGuid = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";

    private static readonly string[] SecretMarkers =
    [
        "AccountKey=", "SharedAccessSignature", "SharedAccessKey", "sig=", "code=", "listKeys(", "listKey(",
        "listConnectionStrings(", "listAccountSas(", "listServiceSas(", "listSecrets(", "listCredentials(",
    ];

    /// <summary>Storage accepts Entra identities only: no shared keys (hence no connection strings or SAS), TLS 1.2, no public blobs.</summary>
    public static IReadOnlyList<string> StorageIsIdentityOnly(JsonObject root)
    {
        var violations = new List<string>();
        var accounts = TemplateResource.OfType(root, "Microsoft.Storage/storageAccounts").ToList();
        if (accounts.Count == 0)
        {
            violations.Add("no storage account is declared");
        }

        foreach (var account in accounts)
        {
            var p = account.Properties;
            Require(violations, IsTrue(p["allowSharedKeyAccess"]) is false && p["allowSharedKeyAccess"] is not null, "storage allowSharedKeyAccess must be false");
            Require(violations, (string?)p["minimumTlsVersion"] == "TLS1_2", "storage minimumTlsVersion must be TLS1_2");
            Require(violations, IsTrue(p["allowBlobPublicAccess"]) is false && p["allowBlobPublicAccess"] is not null, "storage allowBlobPublicAccess must be false");
            Require(violations, IsTrue(p["supportsHttpsTrafficOnly"]) is true, "storage supportsHttpsTrafficOnly must be true");
        }

        return violations;
    }

    /// <summary>Application Insights accepts Entra-authenticated telemetry only.</summary>
    public static IReadOnlyList<string> ApplicationInsightsLocalAuthIsOff(JsonObject root)
    {
        var violations = new List<string>();
        var components = TemplateResource.OfType(root, "Microsoft.Insights/components").ToList();
        if (components.Count == 0)
        {
            violations.Add("no Application Insights component is declared");
        }

        foreach (var component in components)
        {
            Require(violations, IsTrue(component.Properties["DisableLocalAuth"]) is true, "Application Insights DisableLocalAuth must be true");
        }

        return violations;
    }

    /// <summary>The Function App: HTTPS only, TLS 1.2, FTP off, Flex Consumption .NET 10 isolated, user-assigned identity.</summary>
    public static IReadOnlyList<string> FunctionAppIsHardened(JsonObject root)
    {
        var violations = new List<string>();
        var sites = TemplateResource.OfType(root, "Microsoft.Web/sites").ToList();
        if (sites.Count == 0)
        {
            violations.Add("no Function App is declared");
        }

        foreach (var site in sites)
        {
            var p = site.Properties;
            Require(violations, IsTrue(p["httpsOnly"]) is true, "httpsOnly must be true");
            Require(violations, (string?)p["siteConfig"]?["minTlsVersion"] == "1.2", "siteConfig.minTlsVersion must be 1.2");
            Require(violations, (string?)p["siteConfig"]?["ftpsState"] == "Disabled", "siteConfig.ftpsState must be Disabled");
            Require(violations, (string?)site.Resource["identity"]?["type"] == "UserAssigned", "the app must run as a user-assigned identity only");
            Require(violations, (string?)p["functionAppConfig"]?["runtime"]?["name"] == "dotnet-isolated"
                && (string?)p["functionAppConfig"]?["runtime"]?["version"] == "10.0", "runtime must be dotnet-isolated 10.0");
            Require(violations, (string?)p["functionAppConfig"]?["deployment"]?["storage"]?["authentication"]?["type"] == "UserAssignedIdentity",
                "the deployment package must be read with the user-assigned identity");
        }

        var plans = TemplateResource.OfType(root, "Microsoft.Web/serverfarms").ToList();
        Require(violations, plans.Count > 0 && plans.All(p => (string?)p.Resource["sku"]?["name"] == "FC1"), "the plan must be Flex Consumption (FC1)");
        return violations;
    }

    /// <summary>
    /// Every Role Based Access Control Administrator assignment: for a service principal, with a version 2.0 ABAC
    /// condition. Deployed with the test parameter set, each is placed below a resource group (never on a
    /// subscription), its condition uses only syntax <see cref="AbacCondition"/> knows, both of its clauses (write on
    /// @Request, delete on @Resource) refuse the automation itself and allow principal type ServicePrincipal only, and
    /// the roles all delegations allow together equal <paramref name="allowedRoleGuids"/> (the product's allow-list).
    /// </summary>
    public static IReadOnlyList<string> RbacDelegationIsConstrained(JsonObject root, IReadOnlyCollection<Guid> allowedRoleGuids)
    {
        var violations = new List<string>();
        var declared = TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments")
            .Where(r => RoleDefinitionOf(r).Contains(RbacAdministratorGuid, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (declared.Count == 0)
        {
            violations.Add("no Role Based Access Control Administrator assignment is declared");
        }

        foreach (var delegation in declared)
        {
            var p = delegation.Properties;
            Require(violations, (string?)p["principalType"] == "ServicePrincipal", "the RBAC Administrator assignment must set principalType ServicePrincipal");
            Require(violations, (string?)p["conditionVersion"] == "2.0", "the RBAC Administrator assignment must set conditionVersion 2.0");
            Require(violations, p["condition"] is not null, "the RBAC Administrator assignment has no ABAC condition");
        }

        if (violations.Count > 0)
        {
            return violations;
        }

        DelegatedAuthority authority;
        try
        {
            authority = DelegatedAuthority.Of(root, TestDeployment.Parameters());
        }
        catch (UnresolvedExpressionException ex)
        {
            return [$"the delegations cannot be read from the template: {ex.Message}"];
        }

        var roles = new HashSet<Guid>();
        foreach (var delegation in authority.Delegations)
        {
            Require(violations, delegation.ScopeId.Contains("/resourceGroups/", StringComparison.OrdinalIgnoreCase),
                $"the RBAC Administrator assignment of {delegation.Module} is placed on {delegation.ScopeId}, wider than a resource group");
            AbacCondition condition;
            try
            {
                condition = AbacCondition.Parse(delegation.Condition);
            }
            catch (AbacSyntaxException ex)
            {
                violations.Add($"the ABAC condition of {delegation.Module} uses syntax the evaluator does not know: {ex.Message}");
                continue;
            }

            foreach (var source in new[] { "Request", "Resource" })
            {
                var clause = source == "Request" ? "write" : "delete";
                var of = condition.Comparisons.Where(c => c.Source == source).ToList();
                Require(violations, of.Any(c => c is { Attribute: "PrincipalId", AnyOfAll: true, Operator: "GuidNotEquals" }
                        && c.Values.Any(v => Guid.Parse(v, CultureInfo.InvariantCulture) == TestDeployment.Automation)),
                    $"the {clause} clause of {delegation.Module} does not refuse the automation's own principal");
                var types = of.Where(c => c.Attribute == "PrincipalType").ToList();
                if (types is not [{ AnyOfAll: false, Operator: "StringEqualsIgnoreCase", Values: ["ServicePrincipal"] }])
                {
                    violations.Add($"the {clause} clause of {delegation.Module} must allow principal type ServicePrincipal only");
                }

                var roleSets = of.Where(c => c is { Attribute: "RoleDefinitionId", AnyOfAll: false, Operator: "GuidEquals" }).ToList();
                Require(violations, roleSets.Count == 1, $"the {clause} clause of {delegation.Module} must list its roles exactly once");
                roles.UnionWith(roleSets.SelectMany(c => c.Values).Select(v => Guid.Parse(v, CultureInfo.InvariantCulture)));
            }
        }

        var missing = allowedRoleGuids.Except(roles).ToList();
        var extra = roles.Except(allowedRoleGuids).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            violations.Add("the delegated roles differ from the product allow-list: " +
                $"missing [{string.Join(", ", missing)}], extra [{string.Join(", ", extra)}]");
        }

        return violations;
    }

    /// <summary>
    /// Deployed with the test parameter set, the delegations sit exactly on the listed cluster resource groups and the
    /// listed registries and storage accounts: nothing wider, nothing elsewhere, nothing missing.
    /// </summary>
    public static IReadOnlyList<string> DelegationsArePlacedOnTheListedScopes(JsonObject root)
    {
        string[] expected = [TestDeployment.ClusterGroup, TestDeployment.Registry, TestDeployment.StorageAccount];
        try
        {
            var placed = DelegatedAuthority.Of(root, TestDeployment.Parameters()).Delegations.Select(d => d.ScopeId).ToList();
            var set = placed.ToHashSet(StringComparer.OrdinalIgnoreCase);
            return set.SetEquals(expected) && placed.Count == expected.Length
                ? []
                : [$"delegations are placed on [{string.Join(", ", placed)}], expected [{string.Join(", ", expected)}]"];
        }
        catch (UnresolvedExpressionException ex)
        {
            return [$"the delegations cannot be read from the template: {ex.Message}"];
        }
    }

    public const string StorageBlobDataOwnerGuid = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributorGuid = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageBlobDataReaderGuid = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    public const string KeyVaultSecretsUserGuid = "4633458b-17de-408a-b874-0445c86b69e6";

    /// <summary>
    /// The policy and the deployment package live in an account where the app holds container-scoped roles only:
    /// Storage Blob Data Reader on the policy container, Storage Blob Data Contributor on the deployment container, and
    /// nothing account-wide; no template that grants an account-wide blob role also declares either container.
    /// </summary>
    public static IReadOnlyList<string> PolicyAndPackageAreOutOfTheHostAccount(JsonObject root)
    {
        var violations = new List<string>();
        var found = 0;
        foreach (var template in TemplateResource.Templates(root))
        {
            var resources = TemplateResource.All(template).Where(r => ReferenceEquals(r.Template, template)).ToList();
            var containers = resources.Where(r => r.Type.Equals("Microsoft.Storage/storageAccounts/blobServices/containers", StringComparison.OrdinalIgnoreCase))
                .Select(r => (string?)r.Resource["name"] ?? string.Empty).ToList();
            var holdsContent = containers.Any(n => n.Contains("policyContainerName", StringComparison.Ordinal) || n.Contains("deploymentContainerName", StringComparison.Ordinal));
            var assignments = resources.Where(r => r.Type.Equals("Microsoft.Authorization/roleAssignments", StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (var assignment in assignments)
            {
                var role = RoleDefinitionOf(assignment);
                var scope = (string?)assignment.Resource["scope"] ?? string.Empty;
                var isBlobRole = new[] { StorageBlobDataOwnerGuid, StorageBlobDataContributorGuid, StorageBlobDataReaderGuid }.Any(g => role.EndsWith(g, StringComparison.OrdinalIgnoreCase));
                if (!holdsContent)
                {
                    continue;
                }

                found++;
                if (!scope.Contains("blobServices/containers", StringComparison.Ordinal))
                {
                    violations.Add($"the account holding the policy or the package grants {role} beyond one container (scope '{scope}')");
                }
                else if (scope.Contains("policyContainerName", StringComparison.Ordinal) && !role.EndsWith(StorageBlobDataReaderGuid, StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add($"the policy container grants {role}; the app may only read the policy (Storage Blob Data Reader)");
                }
                else if (scope.Contains("deploymentContainerName", StringComparison.Ordinal) && !role.EndsWith(StorageBlobDataContributorGuid, StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add($"the deployment container grants {role}; Flex Consumption needs Storage Blob Data Contributor there, nothing more");
                }
                else if (!isBlobRole)
                {
                    violations.Add($"the account holding the policy or the package grants {role}");
                }
            }
        }

        Require(violations, found > 0, "no container-scoped grant on the policy or deployment container is declared");
        return violations;
    }

    /// <summary>Key Vault Secrets User is only ever granted on single secrets, never on a vault.</summary>
    public static IReadOnlyList<string> KeyVaultGrantsAreSecretScoped(JsonObject root)
    {
        var violations = new List<string>();
        var grants = TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments")
            .Where(r => RoleDefinitionOf(r).EndsWith(KeyVaultSecretsUserGuid, StringComparison.OrdinalIgnoreCase))
            .ToList();
        Require(violations, grants.Count > 0, "no Key Vault Secrets User assignment is declared");
        foreach (var grant in grants)
        {
            var scope = (string?)grant.Resource["scope"] ?? string.Empty;
            Require(violations, scope.Contains("Microsoft.KeyVault/vaults/secrets", StringComparison.Ordinal),
                $"Key Vault Secrets User is granted on '{(scope.Length == 0 ? "the resource group" : scope)}', not on one secret");
        }

        return violations;
    }

    /// <summary>The custom roles hold exactly the actions the product calls: no wildcard, no Arc cluster-connect credential.</summary>
    public static IReadOnlyList<string> CustomRolesHoldOnlyCalledActions(JsonObject root, IReadOnlyCollection<string> calledActions)
    {
        var violations = new List<string>();
        var definitions = TemplateResource.OfType(root, "Microsoft.Authorization/roleDefinitions").ToList();
        Require(violations, definitions.Count > 0, "no custom role is declared");
        foreach (var definition in definitions)
        {
            foreach (var permission in (definition.Properties["permissions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var kind in new[] { "actions", "dataActions" })
                {
                    foreach (var action in Strings(permission[kind]))
                    {
                        Require(violations, calledActions.Contains(action, StringComparer.OrdinalIgnoreCase),
                            $"custom role {(string?)definition.Properties["roleName"]} grants {action}, which the product does not call");
                    }
                }
            }
        }

        return violations;
    }

    /// <summary>Every role assignment names its principal type and has a deterministic guid(scope, principal, role) name.</summary>
    public static IReadOnlyList<string> RoleAssignmentsAreExplicitAndDeterministic(JsonObject root)
    {
        var violations = new List<string>();
        var assignments = TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments").ToList();
        if (assignments.Count == 0)
        {
            violations.Add("no role assignment is declared");
        }

        foreach (var assignment in assignments)
        {
            var name = (string?)assignment.Resource["name"] ?? string.Empty;
            var principal = ((string?)assignment.Properties["principalId"] ?? string.Empty).Trim('[', ']');
            var role = RoleDefinitionOf(assignment);
            if ((string?)assignment.Properties["principalType"] != "ServicePrincipal")
            {
                violations.Add($"role assignment of {role} to {principal} does not set principalType ServicePrincipal (name {name})");
            }

            if (!name.StartsWith("[guid(", StringComparison.Ordinal) || principal.Length == 0
                || !name.Contains(principal, StringComparison.Ordinal))
            {
                violations.Add($"role assignment of {role} to {principal} is not named guid(scope, principal, role) (name {name})");
            }
        }

        return violations;
    }

    /// <summary>No app setting and no output (of any module) carries a key, a SAS or a keyed connection string.</summary>
    public static IReadOnlyList<string> NoSecretsInSettingsOrOutputs(JsonObject root)
    {
        var violations = new List<string>();
        foreach (var (name, value) in AppSettings(root))
        {
            var raw = value?.ToJsonString() ?? string.Empty;
            foreach (var marker in SecretMarkers.Where(m => raw.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                violations.Add($"app setting {name} contains '{marker}'");
            }
        }

        foreach (var template in TemplateResource.Templates(root))
        {
            foreach (var (name, output) in template["outputs"] as JsonObject ?? [])
            {
                var raw = output?.ToJsonString() ?? string.Empty;
                foreach (var marker in SecretMarkers.Where(m => raw.Contains(m, StringComparison.OrdinalIgnoreCase)))
                {
                    violations.Add($"output {name} contains '{marker}'");
                }

                if (((string?)output?["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true)
                {
                    violations.Add($"output {name} is a secure value");
                }
            }
        }

        return violations;
    }

    /// <summary>
    /// The event subscription takes exactly the expected event types, filters data.operationName with one StringIn on
    /// exactly the expected operations, retries, dead-letters, and delivers to the webhook or the queue as asked.
    /// </summary>
    public static IReadOnlyList<string> EventSubscriptionMatches(JsonObject root, InfraFiles.EventOperations expected)
    {
        var violations = new List<string>();
        var subscriptions = TemplateResource.OfType(root, "Microsoft.EventGrid/systemTopics/eventSubscriptions").ToList();
        if (subscriptions.Count == 0)
        {
            violations.Add("no Event Grid event subscription is declared");
        }

        foreach (var topic in TemplateResource.OfType(root, "Microsoft.EventGrid/systemTopics"))
        {
            Require(violations, (string?)topic.Properties["topicType"] == "Microsoft.Resources.Subscriptions",
                "the system topic must be a subscription topic (Microsoft.Resources.Subscriptions)");
        }

        foreach (var subscription in subscriptions)
        {
            try
            {
                var filter = ArmExpression.Resolve(subscription.Properties["filter"], subscription.Template) as JsonObject ?? [];
                var types = Strings(filter["includedEventTypes"]);
                Require(violations, SameSet(types, expected.IncludedEventTypes),
                    $"includedEventTypes [{string.Join(", ", types)}] differ from [{string.Join(", ", expected.IncludedEventTypes)}]");

                var advanced = (filter["advancedFilters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                var onOperation = advanced.Where(f => (string?)f["key"] == "data.operationName").ToList();
                if (onOperation is not [var only] || (string?)only["operatorType"] != "StringIn")
                {
                    violations.Add("the event subscription must have exactly one StringIn filter on data.operationName");
                }
                else
                {
                    var operations = Strings(only["values"]);
                    Require(violations, SameSet(operations, expected.OperationNames),
                        $"data.operationName values [{string.Join(", ", operations)}] differ from [{string.Join(", ", expected.OperationNames)}]");
                }
            }
            catch (UnresolvedExpressionException ex)
            {
                violations.Add($"the event filter cannot be read from the template: {ex.Message}");
            }

            Require(violations, subscription.Properties["retryPolicy"]?["maxDeliveryAttempts"] is not null
                && subscription.Properties["retryPolicy"]?["eventTimeToLiveInMinutes"] is not null, "the event subscription must set a retry policy");
            Require(violations, (string?)subscription.Properties["deadLetterWithResourceIdentity"]?["deadLetterDestination"]?["endpointType"] == "StorageBlob",
                "the event subscription must dead-letter to blob storage with a managed identity");

            foreach (var mode in new[] { "webhook", "queue" })
            {
                violations.AddRange(DeliveryViolations(subscription, mode));
            }
        }

        return violations;
    }

    /// <summary>The names and raw values of the app settings the template writes (the one appsettings config resource).</summary>
    public static IReadOnlyList<KeyValuePair<string, JsonNode?>> AppSettings(JsonObject root) =>
        TemplateResource.OfType(root, "Microsoft.Web/sites/config")
            .Where(r => ((string?)r.Resource["name"] ?? string.Empty).Contains("'appsettings'", StringComparison.OrdinalIgnoreCase)
                || ((string?)r.Resource["name"] ?? string.Empty).EndsWith("/appsettings", StringComparison.OrdinalIgnoreCase))
            .SelectMany(r => r.Properties)
            .ToList();

    private static IEnumerable<string> DeliveryViolations(TemplateResource subscription, string mode)
    {
        var parameters = new Dictionary<string, JsonNode?>
        {
            ["eventDelivery"] = mode,
            ["functionAppHostName"] = "app.example",
            ["webhookApplicationIdOrUri"] = string.Empty,
            ["maxEventsPerBatch"] = 10,
            ["storageAccountId"] = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/st",
            ["eventQueueName"] = "cluster-events",
            ["deliveryIdentityId"] = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
        };

        JsonNode? destination;
        JsonNode? withIdentity;
        try
        {
            destination = ArmExpression.Resolve(subscription.Properties["destination"], subscription.Template, parameters);
            withIdentity = ArmExpression.Resolve(subscription.Properties["deliveryWithResourceIdentity"], subscription.Template, parameters);
        }
        catch (UnresolvedExpressionException ex)
        {
            return [$"the {mode} destination cannot be read from the template: {ex.Message}"];
        }

        if (mode == "webhook")
        {
            var url = (string?)destination?["properties"]?["endpointUrl"];
            return (string?)destination?["endpointType"] == "WebHook" && withIdentity is null
                && url == "https://app.example/api/events"
                ? []
                : [$"webhook delivery must post to https://<app>/api/events without a key, found {destination?.ToJsonString()}"];
        }

        return (string?)withIdentity?["destination"]?["endpointType"] == "StorageQueue" && destination is null
            && (string?)withIdentity?["destination"]?["properties"]?["queueName"] == "cluster-events"
            && withIdentity?["identity"] is not null
            ? []
            : [$"queue delivery must use the storage queue cluster-events with a managed identity, found {withIdentity?.ToJsonString()}"];
    }

    private static string RoleDefinitionOf(TemplateResource assignment)
    {
        try
        {
            return ArmExpression.ResolveString(assignment.Properties["roleDefinitionId"], assignment.Template);
        }
        catch (UnresolvedExpressionException)
        {
            return (string?)assignment.Properties["roleDefinitionId"] ?? string.Empty;
        }
    }

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => (string?)n ?? string.Empty).ToList();

    private static bool SameSet(List<string> actual, IReadOnlyList<string> expected) =>
        actual.Count == expected.Count && actual.Distinct(StringComparer.Ordinal).Count() == actual.Count
        && actual.ToHashSet(StringComparer.Ordinal).SetEquals(expected);

    private static bool? IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static void Require(List<string> violations, bool holds, string message)
    {
        if (!holds)
        {
            violations.Add(message);
        }
    }
}
