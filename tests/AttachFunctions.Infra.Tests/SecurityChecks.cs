using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttachFunctions.Infra.Tests;

/// <summary>
/// The security properties of the compiled template, each a function from the ARM JSON to the list of violations it
/// finds (empty = the property holds). The tests run them on the real compiled template, and on mutated copies to prove
/// that each check notices when its property is broken.
/// </summary>
public static partial class SecurityChecks
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
    /// Every Role Based Access Control Administrator assignment: at resource-group scope, for a service principal, and
    /// with a version 2.0 ABAC condition of exactly the documented shape (write checks the request, delete checks the
    /// existing assignment) whose role GUIDs equal <paramref name="allowedRoleGuids"/> and whose principal types are
    /// exactly ServicePrincipal.
    /// </summary>
    public static IReadOnlyList<string> RbacDelegationIsConstrained(JsonObject root, IReadOnlyCollection<Guid> allowedRoleGuids)
    {
        var violations = new List<string>();
        var delegations = TemplateResource.OfType(root, "Microsoft.Authorization/roleAssignments")
            .Where(r => RoleDefinitionOf(r).Contains(RbacAdministratorGuid, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (delegations.Count == 0)
        {
            violations.Add("no Role Based Access Control Administrator assignment is declared");
        }

        foreach (var delegation in delegations)
        {
            var p = delegation.Properties;
            Require(violations, delegation.Deployment?["resourceGroup"] is not null && delegation.Resource["scope"] is null,
                "the RBAC Administrator assignment must be made at resource-group scope, never at subscription scope");
            Require(violations, (string?)p["principalType"] == "ServicePrincipal", "the RBAC Administrator assignment must set principalType ServicePrincipal");
            Require(violations, (string?)p["conditionVersion"] == "2.0", "the RBAC Administrator assignment must set conditionVersion 2.0");
            if (p["condition"] is null)
            {
                violations.Add("the RBAC Administrator assignment has no ABAC condition");
                continue;
            }

            string condition;
            try
            {
                condition = ArmExpression.ResolveString(p["condition"], delegation.Template);
            }
            catch (UnresolvedExpressionException ex)
            {
                violations.Add($"the ABAC condition cannot be read from the template: {ex.Message}");
                continue;
            }

            var match = ConditionShape().Match(condition);
            if (!match.Success)
            {
                violations.Add($"the ABAC condition does not have the documented write/delete shape: {condition}");
                continue;
            }

            foreach (var clause in new[] { "write", "delete" })
            {
                var roles = ParseGuidSet(match.Groups[clause + "Roles"].Value, out var badRoles);
                if (badRoles.Count > 0)
                {
                    violations.Add($"the {clause} clause lists values that are not GUIDs: {string.Join(", ", badRoles)}");
                }

                var missing = allowedRoleGuids.Except(roles).ToList();
                var extra = roles.Except(allowedRoleGuids).ToList();
                if (missing.Count > 0 || extra.Count > 0 || roles.Count != roles.Distinct().Count())
                {
                    violations.Add($"the {clause} clause's role GUIDs differ from the product allow-list: " +
                        $"missing [{string.Join(", ", missing)}], extra [{string.Join(", ", extra)}]");
                }

                var types = match.Groups[clause + "Types"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(t => t.Trim('\''))
                    .ToList();
                if (types is not ["ServicePrincipal"])
                {
                    violations.Add($"the {clause} clause must allow principal type ServicePrincipal only, found [{string.Join(", ", types)}]");
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

    private static List<Guid> ParseGuidSet(string text, out List<string> invalid)
    {
        var guids = new List<Guid>();
        invalid = [];
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Guid.TryParse(item, CultureInfo.InvariantCulture, out var guid))
            {
                guids.Add(guid);
            }
            else
            {
                invalid.Add(item);
            }
        }

        return guids;
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

    private const string Ws = @"\s*";

    private const string WriteClause =
        @"\(\s*\(\s*!\s*\(\s*ActionMatches\s*\{\s*'Microsoft\.Authorization/roleAssignments/write'\s*\}\s*\)\s*\)\s*OR\s*\(\s*" +
        @"@Request\[Microsoft\.Authorization/roleAssignments:RoleDefinitionId\]\s*ForAnyOfAnyValues:GuidEquals\s*\{(?<writeRoles>[^{}]*)\}\s*AND\s*" +
        @"@Request\[Microsoft\.Authorization/roleAssignments:PrincipalType\]\s*ForAnyOfAnyValues:StringEqualsIgnoreCase\s*\{(?<writeTypes>[^{}]*)\}\s*\)\s*\)";

    private const string DeleteClause =
        @"\(\s*\(\s*!\s*\(\s*ActionMatches\s*\{\s*'Microsoft\.Authorization/roleAssignments/delete'\s*\}\s*\)\s*\)\s*OR\s*\(\s*" +
        @"@Resource\[Microsoft\.Authorization/roleAssignments:RoleDefinitionId\]\s*ForAnyOfAnyValues:GuidEquals\s*\{(?<deleteRoles>[^{}]*)\}\s*AND\s*" +
        @"@Resource\[Microsoft\.Authorization/roleAssignments:PrincipalType\]\s*ForAnyOfAnyValues:StringEqualsIgnoreCase\s*\{(?<deleteTypes>[^{}]*)\}\s*\)\s*\)";

    [GeneratedRegex("^" + Ws + WriteClause + Ws + "AND" + Ws + DeleteClause + Ws + "$", RegexOptions.CultureInvariant)]
    private static partial Regex ConditionShape();
}
