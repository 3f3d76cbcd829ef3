using System.Text.Json.Nodes;

namespace AttachFunctions.Infra.Tests;

/// <summary>One Role Based Access Control Administrator assignment of the automation as deployed: where, and its condition.</summary>
public sealed record Delegation(string Module, string ScopeId, string Condition);

/// <summary>
/// What the automation may do with role assignments after a deployment: every RBAC Administrator assignment the
/// compiled template makes for a parameter set, and the decision Azure takes on a role assignment write or delete at a
/// scope (allowed when a delegation at that scope or above it has a condition that allows the request).
/// </summary>
public sealed class DelegatedAuthority(IReadOnlyList<Delegation> delegations)
{
    public IReadOnlyList<Delegation> Delegations { get; } = delegations;

    public static DelegatedAuthority Of(JsonObject root, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        var found = new List<Delegation>();
        foreach (var module in TestDeployment.Modules(root, parameters))
        {
            foreach (var resource in (module.Template["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (!string.Equals((string?)resource["type"], "Microsoft.Authorization/roleAssignments", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                int count;
                try
                {
                    count = resource["copy"] is JsonObject copy
                        ? (int)ArmExpression.Resolve(copy["count"], module.Template, module.Parameters)!.GetValue<long>()
                        : 1;
                }
                catch (UnresolvedExpressionException) when (!MayBeRbacAdministrator(resource))
                {
                    continue; // a loop over custom roles (their GUIDs are derived from the subscription at deployment time)
                }
                for (var i = 0; i < count; i++)
                {
                    var local = new Dictionary<string, JsonNode?>(module.Parameters, StringComparer.Ordinal) { ["$copyIndex"] = (long)i };
                    string role;
                    try
                    {
                        role = ArmExpression.ResolveString(resource["properties"]?["roleDefinitionId"], module.Template, local);
                    }
                    catch (UnresolvedExpressionException) when (!MayBeRbacAdministrator(resource))
                    {
                        continue; // a custom role (its GUID is derived from the subscription at deployment time)
                    }

                    if (!role.EndsWith(SecurityChecks.RbacAdministratorGuid, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    if (resource["condition"] is { } deployed && !ArmExpression.Resolve(deployed, module.Template, local)!.GetValue<bool>())
                    {
                        continue;
                    }

                    var scope = resource["scope"] is { } s
                        ? ArmExpression.ResolveString(s, module.Template, local)
                        : module.ScopeId;
                    if (!scope.StartsWith('/'))
                    {
                        scope = $"{module.ScopeId}/providers/{scope}";
                    }

                    var condition = resource["properties"]?["condition"] is { } c
                        ? ArmExpression.ResolveString(c, module.Template, local)
                        : string.Empty;
                    found.Add(new Delegation(module.Label, scope, condition));
                }
            }
        }

        return new DelegatedAuthority(found);
    }

    private static bool MayBeRbacAdministrator(JsonObject resource)
    {
        var raw = resource["properties"]?["roleDefinitionId"]?.ToJsonString() ?? string.Empty;
        return raw.Contains("rbacAdministrator", StringComparison.OrdinalIgnoreCase)
            || raw.Contains(SecurityChecks.RbacAdministratorGuid, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Azure's decision on <paramref name="request"/> at <paramref name="scope"/>; an unconditioned delegation allows everything.</summary>
    public bool Allows(AbacRequest request, string scope) =>
        Delegations.Where(d => Covers(d.ScopeId, scope))
            .Any(d => d.Condition.Length == 0 || AbacCondition.Parse(d.Condition).Allows(request));

    /// <summary>Role assignments are inherited downwards: a delegation at a scope covers it and everything below it.</summary>
    public static bool Covers(string delegationScope, string scope) =>
        string.Equals(delegationScope, scope, StringComparison.OrdinalIgnoreCase)
        || scope.StartsWith(delegationScope.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase);
}
