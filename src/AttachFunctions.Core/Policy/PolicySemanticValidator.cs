using System.Text.Json;
using System.Text.RegularExpressions;
using AttachFunctions.Core.Resources;

namespace AttachFunctions.Core.Policy;

/// <summary>
/// The checks a JSON Schema cannot express: resource ids and their types, scope containment, role allow-list, identity
/// rules, name templates, Kubernetes syntax, collisions between attachments and namespace access per cluster kind.
/// Works over the JSON document (not the deserialized policy) so that it runs, and reports everything, even when the
/// schema already failed; values of the wrong JSON type are skipped (the schema reports those).
/// </summary>
internal sealed partial class PolicySemanticValidator
{
    private readonly List<PointerError> _errors = [];
    private readonly ScopeMatcher _scope = new();
    private readonly JsonElement _document;
    private bool _scopeUsable;

    private PolicySemanticValidator(JsonElement document)
    {
        _document = document;
    }

    /// <summary>The errors (the policy is refused) and warnings (it loads, and hosts log them) of a document.</summary>
    public static (IReadOnlyList<PointerError> Errors, IReadOnlyList<PointerError> Warnings) Validate(JsonElement root)
    {
        var validator = new PolicySemanticValidator(root);
        if (root.ValueKind == JsonValueKind.Object)
        {
            validator.CheckRoot(root);
        }

        return (validator._errors, validator._warnings);
    }

    private void Error(string pointer, string message) => _errors.Add(new PointerError(pointer, message));

    private void CheckRoot(JsonElement root)
    {
        if (root.TryGet("version", out var version) && version.ValueKind == JsonValueKind.Number
            && !(version.TryGetInt32(out var v) && v == 1))
        {
            Error("/version", $"the policy format version is 1; version {version.GetRawText()} is not supported");
        }

        if (root.Object("scope") is { } scope)
        {
            CheckScope(scope, "/scope");
        }

        var ruleNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var rules = root.Items("rules", "").ToList();
        for (var i = 0; i < rules.Count; i++)
        {
            var (rule, pointer, _) = rules[i];
            if (rule.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (rule.String("name") is { } name)
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    Error(JsonElementAccess.Child(pointer, "name"), "a rule needs a name (used in plans and reports)");
                }
                else if (!ruleNames.TryAdd(name.Trim(), i))
                {
                    Error(JsonElementAccess.Child(pointer, "name"), $"rule name '{name}' is already used by rules[{ruleNames[name.Trim()]}]; rule names must be unique");
                }
            }

            CheckRule(rule, pointer);
            CheckReachable(rules, i);
        }
    }

    private void CheckScope(JsonElement scope, string pointer)
    {
        // A scope entry that is itself wrong makes every containment check a guess: report the entry, skip the cascade.
        var complete = scope.Items("subscriptions", pointer).All(s => s.Value.ValueKind == JsonValueKind.String && GuidPattern().IsMatch(s.Value.GetString()!));
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (subscription, itemPointer, index) in scope.StringItems("subscriptions", pointer))
        {
            if (!GuidPattern().IsMatch(subscription))
            {
                Error(itemPointer, $"'{subscription}' is not a subscription id; write the GUID, e.g. 11111111-1111-1111-1111-111111111111");
                continue;
            }

            if (!seen.TryAdd(subscription, index))
            {
                Error(itemPointer, $"subscription {subscription} is listed twice (also at subscriptions[{seen[subscription]}])");
                continue;
            }

            _scope.AddSubscription(subscription);
        }

        if (!complete || seen.Count == 0)
        {
            return;
        }

        var seenGroups = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (text, itemPointer, index) in scope.StringItems("resourceGroups", pointer))
        {
            if (!ResourceId.TryParse(text, out var id) || id is null
                || !string.Equals(id.ResourceType, "Microsoft.Resources/resourceGroups", StringComparison.OrdinalIgnoreCase)
                || id.SubscriptionId is null || id.ResourceGroupName is null)
            {
                Error(itemPointer, $"'{text}' is not a resource group id; write /subscriptions/{{subscription-id}}/resourceGroups/{{name}}");
                complete = false;
                continue;
            }

            if (!seenGroups.TryAdd(id.ToString(), index))
            {
                Error(itemPointer, $"resource group '{text}' is listed twice (also at resourceGroups[{seenGroups[id.ToString()]}])");
                continue;
            }

            if (!_scope.ContainsSubscription(id.SubscriptionId))
            {
                Error(itemPointer, $"resource group '{id.ResourceGroupName}' is in subscription {id.SubscriptionId}, which is not in scope.subscriptions; add the subscription or remove the resource group");
                complete = false;
                continue;
            }

            _scope.AddResourceGroup(id.SubscriptionId, id.ResourceGroupName);
        }

        _scopeUsable = complete;
    }

    private void CheckRule(JsonElement rule, string pointer)
    {
        var match = rule.Object("match");
        var kind = match?.String("kind");
        if (match is { } m)
        {
            CheckMatch(m, JsonElementAccess.Child(pointer, "match"));
        }

        CheckNamespaceAccess(rule, pointer, kind);
        CheckTagOnlyMatch(rule, pointer);

        var computeNames = new Dictionary<(string Workspace, string Name), int>();
        var namespaces = new Dictionary<string, List<(int Index, bool Shared)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (attachment, attachmentPointer, index) in rule.Items("attachments", pointer))
        {
            if (attachment.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var rendered = CheckAttachment(attachment, attachmentPointer);
            if (rendered.Workspace is { } workspace && rendered.ComputeName is { } computeName)
            {
                var key = (workspace.ToUpperInvariant(), computeName.ToUpperInvariant());
                if (!computeNames.TryAdd(key, index))
                {
                    Error(
                        JsonElementAccess.Child(attachmentPointer, "computeName"),
                        $"renders the same compute name '{computeName}' in the same workspace as attachments[{computeNames[key]}]; the second attach would overwrite the first: give each attachment a distinct computeName (e.g. add {{team}})");
                }
            }

            if (rendered.Namespace is { } ns)
            {
                if (!namespaces.TryGetValue(ns, out var users))
                {
                    namespaces[ns] = users = [];
                }

                users.Add((index, rendered.NamespaceShared));
                if (users.Count > 1 && users.Any(u => !u.Shared))
                {
                    Error(
                        JsonElementAccess.Child(JsonElementAccess.Child(attachmentPointer, "namespace"), "name"),
                        $"namespace '{ns}' is also used by attachments[{users[0].Index}] on the same cluster; set \"shared\": true on every attachment that uses it, or give each its own namespace");
                }
            }
        }
    }

    private void CheckMatch(JsonElement match, string pointer)
    {
        foreach (var (name, itemPointer, _) in match.StringItems("resourceGroups", pointer))
        {
            if (_scopeUsable && _scope.HasResourceGroups && !_scope.ResourceGroupNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                Error(itemPointer, $"resource group '{name}' is not in scope.resourceGroups, so this criterion can never match; use a resource group name (not an id) from the scope");
            }
            else if (name.StartsWith('/'))
            {
                Error(itemPointer, $"'{name}' looks like a resource id; match.resourceGroups takes resource group names, e.g. 'rg-aks'");
            }
        }
    }

    private void CheckNamespaceAccess(JsonElement rule, string pointer, string? kind)
    {
        var accessPointer = JsonElementAccess.Child(pointer, "namespaceAccess");
        var access = rule.Object("namespaceAccess");
        var strategy = access?.String("strategy");
        var canMatchArc = kind is null or "arc";
        if (access is null)
        {
            if (canMatchArc && !rule.TryGet("namespaceAccess", out _))
            {
                Error(pointer, kind is null
                    ? "this rule has no match.kind, so it can match Arc clusters, and Arc needs a kubeconfig from Key Vault to create namespaces: add \"namespaceAccess\": { \"strategy\": \"keyVaultKubeconfig\", \"keyVault\": { \"vaultUri\": \"https://...\" } }, or set match.kind to 'aks'"
                    : "Arc clusters need a kubeconfig from Key Vault to create namespaces: add \"namespaceAccess\": { \"strategy\": \"keyVaultKubeconfig\", \"keyVault\": { \"vaultUri\": \"https://...\" } }");
            }

            return;
        }

        var strategyPointer = JsonElementAccess.Child(accessPointer, "strategy");
        if (strategy is "managedNamespace" or "kubernetesApi" && canMatchArc)
        {
            Error(strategyPointer, kind is null
                ? $"'{strategy}' works only on AKS clusters, but this rule has no match.kind and can match Arc clusters: set match.kind to 'aks', or use 'keyVaultKubeconfig'"
                : $"'{strategy}' works only on AKS clusters and this rule matches Arc clusters: Arc needs a kubeconfig from Key Vault ('keyVaultKubeconfig')");
        }

        var keyVaultPointer = JsonElementAccess.Child(accessPointer, "keyVault");
        var keyVault = access.Value.Object("keyVault");
        if (strategy == "keyVaultKubeconfig" && keyVault is null && !access.Value.TryGet("keyVault", out _))
        {
            Error(accessPointer, "'keyVaultKubeconfig' needs \"keyVault\": { \"vaultUri\": \"https://<vault>.vault.azure.net/\" }: the kubeconfig of each cluster is read from that Key Vault");
        }

        if (keyVault is { } kv)
        {
            if (kv.String("vaultUri") is { } vaultUri
                && !(Uri.TryCreate(vaultUri, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0))
            {
                Error(JsonElementAccess.Child(keyVaultPointer, "vaultUri"), $"'{vaultUri}' is not an absolute https URI; write the vault URI, e.g. https://kv-attach.vault.azure.net/");
            }

            if (kv.String("secretName") is { } secretName)
            {
                CheckTemplate(JsonElementAccess.Child(keyVaultPointer, "secretName"), secretName, NameTarget.Secret, team: null, hasTeam: false, workspace: null);
            }
        }
    }

    /// <summary>A rule that follows a rule matching at least every cluster it matches can never apply (first match wins).</summary>
    private void CheckReachable(List<(JsonElement Value, string Pointer, int Index)> rules, int index)
    {
        var rule = rules[index].Value;
        var kind = rule.Object("match")?.String("kind");
        for (var earlier = 0; earlier < index; earlier++)
        {
            var other = rules[earlier].Value;
            if (other.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var otherMatch = other.Object("match");
            var otherKind = otherMatch?.String("kind");
            var unconditional = otherMatch is null
                || (IsEmpty(otherMatch.Value, "resourceGroups") && IsEmpty(otherMatch.Value, "tags") && IsEmpty(otherMatch.Value, "tagsPresent")
                    && (!otherMatch.Value.TryGet("kind", out _) || otherKind is not null));
            if (unconditional && (otherKind is null || otherKind == kind))
            {
                Error(JsonElementAccess.Child(rules[index].Pointer, "match"), $"this rule can never apply: rules[{earlier}] comes first and matches every cluster this rule matches (the first matching rule wins); move this rule up or narrow rules[{earlier}]");
                return;
            }
        }
    }

    private static bool IsEmpty(JsonElement obj, string name) =>
        !obj.TryGet(name, out var value)
        || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0)
        || (value.ValueKind == JsonValueKind.Object && !value.EnumerateObject().Any());

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex GuidPattern();
}
