using System.Globalization;
using System.Text.Json;
using AttachFunctions.Core.Naming;

namespace AttachFunctions.Core.Policy;

internal sealed partial class PolicySemanticValidator
{
    /// <summary>Label and annotation keys the automation sets itself; a policy may not set them.</summary>
    private static readonly string[] OwnedKeyPrefixes = ["attachfunctions.io/", "kubernetes.azure.com/"];

    private const string ManagedByKey = "app.kubernetes.io/managed-by";
    private const int SecretNameMaxLength = 127;

    private enum NameTarget
    {
        Compute,
        Namespace,
        Secret,
    }

    /// <summary>
    /// Checks a name template for its target and returns its static rendering (cluster tokens left as written) when the
    /// template parses, for collision checks.
    /// </summary>
    private string? CheckTemplate(string pointer, string text, NameTarget target, string? team, bool hasTeam, string? workspace)
    {
        var what = target switch
        {
            NameTarget.Compute => "compute name",
            NameTarget.Namespace => "namespace name",
            _ => "Key Vault secret name",
        };

        if (!NameTemplate.TryParse(text, out var template, out var parseError))
        {
            Error(pointer, $"the {what} template '{text}' does not parse: {parseError}");
            return null;
        }

        var errorsBefore = _errors.Count;
        if (target == NameTarget.Secret && !KeyVaultSecretNames.IsAllowedTemplate(template, out var secretReason))
        {
            // A secret name rendered from anything but the cluster's own identity can select another cluster's kubeconfig.
            Error(pointer, secretReason);
        }
        else if (template.UsesTeam && !hasTeam)
        {
            Error(pointer, $"the {what} template uses {{team}} but this attachment has no 'team'; add \"team\": \"...\" or remove {{team}}");
        }

        var badLiteral = false;
        foreach (var literal in template.Literals)
        {
            var bad = literal.FirstOrDefault(c => !IsAllowedLiteral(c, target));
            if (bad != default)
            {
                badLiteral = true;
                Error(pointer, target switch
                {
                    NameTarget.Namespace when char.IsAsciiLetterUpper(bad) =>
                        $"the namespace name template '{text}' contains '{bad}': namespace names are lowercase (letters, digits and '-')",
                    NameTarget.Namespace => $"the namespace name template '{text}' contains '{Printable(bad)}': use only lowercase letters, digits and '-'",
                    _ => $"the {what} template '{text}' contains '{Printable(bad)}': use only letters, digits and '-'",
                });
                break;
            }
        }

        var literals = template.Literals.ToList();
        if (!badLiteral && !template.StartsWithToken && literals.Count > 0 && literals[0].Length > 0)
        {
            var first = literals[0][0];
            if (target == NameTarget.Compute && !char.IsAsciiLetter(first))
            {
                Error(pointer, $"the compute name template '{text}' starts with '{Printable(first)}': a compute name starts with a letter");
            }
            else if (target == NameTarget.Namespace && !(char.IsAsciiLetterLower(first) || char.IsAsciiDigit(first)))
            {
                Error(pointer, $"the namespace name template '{text}' starts with '{Printable(first)}': a namespace name starts with a lowercase letter or digit");
            }
            else if (target == NameTarget.Namespace && KubernetesNames.ReservedNamespacePrefixes.FirstOrDefault(p => literals[0].StartsWith(p, StringComparison.Ordinal)) is { } reserved)
            {
                Error(pointer, reserved == "kube-"
                    ? $"the namespace name template '{text}' starts with 'kube-', which is reserved for Kubernetes system namespaces"
                    : $"the namespace name template '{text}' starts with '{reserved}', which is reserved for a platform add-on");
            }
        }

        if (!badLiteral && target == NameTarget.Namespace && text.Length > 0 && text[^1] != '}' && !(char.IsAsciiLetterLower(text[^1]) || char.IsAsciiDigit(text[^1])))
        {
            Error(pointer, $"the namespace name template '{text}' ends with '{Printable(text[^1])}': a namespace name ends with a lowercase letter or digit");
        }
        else if (!badLiteral && target == NameTarget.Compute && text.Length > 0 && text[^1] != '}' && !char.IsAsciiLetterOrDigit(text[^1]))
        {
            Error(pointer, $"the compute name template '{text}' ends with '{Printable(text[^1])}': a compute name ends with a letter or digit");
        }

        var maxLength = target switch
        {
            NameTarget.Compute => ComputeNames.MaxLength,
            NameTarget.Namespace => 63,
            _ => SecretNameMaxLength,
        };
        var (min, max) = template.LengthBounds(team, workspace);
        if (min > maxLength)
        {
            Error(pointer, $"the {what} template '{text}' renders at least {min} characters, but a {what} has at most {maxLength}: shorten the literal text or truncate tokens, e.g. {{cluster:8}}");
        }
        else if (target == NameTarget.Compute && max is { } m && m < ComputeNames.MinLength)
        {
            Error(pointer, $"the compute name template '{text}' renders at most {m} character, but a compute name has at least {ComputeNames.MinLength}");
        }

        var rendered = template.RenderStatic(team, workspace);
        var isStatic = !rendered.Contains('{', StringComparison.Ordinal);
        if (isStatic && _errors.Count == errorsBefore)
        {
            var valid = target switch
            {
                NameTarget.Compute => ComputeNames.IsValid(rendered, out var reason) ? null : reason,
                NameTarget.Namespace => KubernetesNames.IsValidNamespace(rendered, out var reason) ? null : reason,
                _ => KeyVaultSecretNames.IsValidName(rendered, out var reason) ? null : reason,
            };
            if (valid is not null)
            {
                Error(pointer, rendered == text ? valid : $"'{text}' renders to '{rendered}': {valid}");
            }
        }

        return rendered;
    }

    private static bool IsAllowedLiteral(char c, NameTarget target) => target == NameTarget.Namespace
        ? char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'
        : char.IsAsciiLetterOrDigit(c) || c == '-';

    private static string Printable(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"\\u{(int)c:x4}" : c.ToString();

    private void CheckMetadata(JsonElement ns, string nsPointer, string property, bool isLabel)
    {
        var kind = isLabel ? "label" : "annotation";
        foreach (var (key, value, pointer) in ns.Members(property, nsPointer))
        {
            if (string.Equals(key, ManagedByKey, StringComparison.OrdinalIgnoreCase)
                || OwnedKeyPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                Error(pointer, $"the {kind} key '{key}' is set by the automation itself (it marks namespaces it manages); remove it from the policy");
                continue;
            }

            if (!KubernetesNames.IsValidQualifiedKey(key, out var keyReason))
            {
                Error(pointer, $"invalid {kind} key: {keyReason}");
                continue;
            }

            if (isLabel && value.ValueKind == JsonValueKind.String && !KubernetesNames.IsValidLabelValue(value.GetString(), out var valueReason))
            {
                Error(pointer, $"invalid value of label '{key}': {valueReason}");
            }
        }
    }

    private void CheckInstanceTypes(JsonElement attachment, string pointer)
    {
        var names = new List<string>();
        foreach (var (name, instanceType, typePointer) in attachment.Members("instanceTypes", pointer))
        {
            names.Add(name);
            if (!KubernetesNames.IsValidQualifiedKey(name, out _) || name.Contains('/', StringComparison.Ordinal))
            {
                Error(typePointer, $"instance type name '{name}' must be 1–63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
            }

            if (instanceType.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var (key, value, selectorPointer) in instanceType.Members("nodeSelector", typePointer))
            {
                if (!KubernetesNames.IsValidQualifiedKey(key, out var keyReason))
                {
                    Error(selectorPointer, $"invalid node selector key: {keyReason}");
                }
                else if (value.ValueKind == JsonValueKind.String && !KubernetesNames.IsValidLabelValue(value.GetString(), out var valueReason))
                {
                    Error(selectorPointer, $"invalid node selector value for '{key}': {valueReason}");
                }
            }

            var requests = CheckQuantities(instanceType, typePointer, "requests");
            var limits = CheckQuantities(instanceType, typePointer, "limits");
            foreach (var (resource, limit) in limits)
            {
                if (requests.TryGetValue(resource, out var request) && limit.Value < request.Value)
                {
                    Error(
                        JsonElementAccess.Child(JsonElementAccess.Child(typePointer, "limits"), resource),
                        $"the {resource} limit {limit.Text} is below the request {request.Text}; a limit must be at least the request");
                }
            }
        }

        var defaultPointer = JsonElementAccess.Child(pointer, "defaultInstanceType");
        if (names.Count > 0 && attachment.String("defaultInstanceType") is { } defaultType && !names.Contains(defaultType, StringComparer.Ordinal))
        {
            Error(defaultPointer, $"defaultInstanceType '{defaultType}' is not one of the instanceTypes ({string.Join(", ", names)})");
        }
    }

    private Dictionary<string, (double Value, string Text)> CheckQuantities(JsonElement instanceType, string typePointer, string property)
    {
        var parsed = new Dictionary<string, (double, string)>(StringComparer.Ordinal);
        foreach (var (resource, value, pointer) in instanceType.Members(property, typePointer))
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var text = value.GetString()!;
            if (!KubernetesQuantity.TryParse(text, out var number))
            {
                var example = resource switch
                {
                    "cpu" => "500m, 2 or 0.5",
                    "memory" => "4Gi, 512Mi or 1G",
                    _ => "1 or 2",
                };
                Error(pointer, $"'{text}' is not a Kubernetes quantity; write e.g. {example}");
                continue;
            }

            if (resource == "nvidia.com/gpu" && number != Math.Floor(number))
            {
                Error(pointer, $"'{text}' is not a whole number of GPUs");
                continue;
            }

            parsed[resource] = (number, text.ToString(CultureInfo.InvariantCulture));
        }

        return parsed;
    }
}
