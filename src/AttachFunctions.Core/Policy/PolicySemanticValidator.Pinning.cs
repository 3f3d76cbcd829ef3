using System.Text.Json;

namespace AttachFunctions.Core.Policy;

/// <summary>
/// Who a rule may reach and who may be granted for it: rules that select clusters by tags alone, and the policy's
/// narrowing of the workspace identities allowed to receive cluster-level roles.
/// </summary>
internal sealed partial class PolicySemanticValidator
{
    private readonly List<PointerError> _warnings = [];

    /// <summary>Per workspace id: where its first attachment is and how it narrows (null: not narrowed).</summary>
    private readonly Dictionary<string, (string Pointer, string? Principals)> _workspaceNarrowing = new(StringComparer.OrdinalIgnoreCase);

    private void Warn(string pointer, string message) => _warnings.Add(new PointerError(pointer, message));

    /// <summary>
    /// A rule that reaches workspaces while selecting clusters by tags alone lets anyone who can write tags on a cluster
    /// in scope (Tag Contributor is enough) have that cluster attached to those workspaces, and their workspace identity
    /// granted Azure Kubernetes Service Cluster Admin Role on it. Such a rule needs match.resourceGroups, or an explicit
    /// opt-in that is then warned about at every load.
    /// </summary>
    private void CheckTagOnlyMatch(JsonElement rule, string pointer)
    {
        if (rule.Object("match") is not { } match)
        {
            return;
        }

        var selectsByTags = !IsEmpty(match, "tags") || !IsEmpty(match, "tagsPresent");
        if (!selectsByTags || !IsEmpty(match, "resourceGroups"))
        {
            return;
        }

        var name = rule.String("name") ?? "(unnamed)";
        var workspaces = rule.Items("attachments", pointer)
            .Select(a => a.Value.String("workspace"))
            .OfType<string>()
            .Select(w => w[(w.LastIndexOf('/') + 1)..])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var reach = workspaces.Count == 0 ? "its workspaces" : "workspace " + string.Join(", ", workspaces);
        var matchPointer = JsonElementAccess.Child(pointer, "match");
        if (match.Boolean("allowTagOnlyMatch") == true)
        {
            Warn(
                JsonElementAccess.Child(matchPointer, "allowTagOnlyMatch"),
                $"rule '{name}' selects clusters by tags alone (allowTagOnlyMatch is on): anyone who can write tags on a cluster in scope can get it attached to {reach} and the workspace identity granted cluster-level roles on it; prefer match.resourceGroups");
            return;
        }

        Error(
            matchPointer,
            $"rule '{name}' selects clusters by tags alone: anyone who can write tags on a cluster in scope could get it attached to {reach} and the workspace identity granted cluster-level roles on it. Add match.resourceGroups with the resource groups whose clusters this rule may reach; only if every tag writer in scope is trusted, set \"allowTagOnlyMatch\": true (every load then warns)");
    }

    /// <summary>
    /// The attachment's <c>workspaceIdentityPrincipalIds</c>: no duplicates, and one narrowing per workspace across the
    /// policy (the prerequisite roles of a workspace identity on a cluster are one decision, whichever attachment asks).
    /// </summary>
    private void CheckWorkspaceIdentityPrincipals(JsonElement attachment, string pointer, string? workspaceId)
    {
        string? principals = null;
        var at = pointer;
        if (attachment.TryGet("workspaceIdentityPrincipalIds", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            at = JsonElementAccess.Child(pointer, "workspaceIdentityPrincipalIds");
            var seen = new Dictionary<Guid, int>();
            foreach (var (text, itemPointer, index) in attachment.StringItems("workspaceIdentityPrincipalIds", pointer))
            {
                if (!Guid.TryParseExact(text, "D", out var guid))
                {
                    continue;
                }

                if (!seen.TryAdd(guid, index))
                {
                    Error(itemPointer, $"principal {text} is already listed at workspaceIdentityPrincipalIds[{seen[guid]}]");
                }
            }

            principals = string.Join(", ", seen.Keys.Select(g => g.ToString("D")).Order(StringComparer.Ordinal));
        }

        if (workspaceId is null)
        {
            return;
        }

        if (!_workspaceNarrowing.TryGetValue(workspaceId, out var first))
        {
            _workspaceNarrowing[workspaceId] = (pointer, principals);
            return;
        }

        if (!string.Equals(first.Principals, principals, StringComparison.Ordinal))
        {
            Error(at, $"{Display(first.Pointer)} names the same workspace with {Describe(first.Principals)}, this attachment with {Describe(principals)}: which workspace identities may receive cluster-level roles is one decision per workspace; give every attachment of this workspace the same workspaceIdentityPrincipalIds");
        }

        static string Describe(string? p) => p is null ? "no workspaceIdentityPrincipalIds" : $"workspaceIdentityPrincipalIds [{p}]";
    }

    /// <summary><c>/rules/0/attachments/1</c> → <c>rules[0].attachments[1]</c>.</summary>
    private static string Display(string pointer)
    {
        var text = "";
        foreach (var segment in JsonLineIndex.SplitPointer(pointer))
        {
            text += segment.Length > 0 && segment.All(char.IsAsciiDigit) ? $"[{segment}]" : (text.Length == 0 ? segment : "." + segment);
        }

        return text;
    }
}
