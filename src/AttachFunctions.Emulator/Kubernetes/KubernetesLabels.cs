using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttachFunctions.Emulator;

/// <summary>
/// Label validation as kube-apiserver does it (k8s.io/apimachinery pkg/util/validation/validation.go: IsQualifiedName for
/// keys, IsValidLabelValue for values; kubernetes.io "Labels and Selectors", syntax and character set): 422 Invalid with
/// the field path <c>metadata.labels</c>.
/// </summary>
internal static partial class KubernetesLabels
{
    private const string ValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private const string NameMessage = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Value();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePart();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    /// <summary>The 422 Status for the first invalid label, or null when all are valid.</summary>
    public static EmulatorResponse? Invalid(string ns, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var prefix = slash >= 0 ? key[..slash] : null;
            var namePart = slash >= 0 ? key[(slash + 1)..] : key;
            if (prefix is not null && (prefix.Length == 0 || prefix.Length > 253 || !Prefix().IsMatch(prefix)))
            {
                return Refuse(ns, key, "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
            }

            if (namePart.Length == 0 || namePart.Length > 63 || !NamePart().IsMatch(namePart))
            {
                return Refuse(ns, key, namePart.Length > 63 ? "name part must be no more than 63 characters" : NameMessage);
            }

            if (value.Length > 63)
            {
                return Refuse(ns, value, "must be no more than 63 characters");
            }

            if (!Value().IsMatch(value))
            {
                return Refuse(ns, value, ValueMessage);
            }
        }

        return null;
    }

    private static EmulatorResponse Refuse(string ns, string badValue, string why)
    {
        var detail = $"Invalid value: \"{badValue}\": {why}";
        var response = EmulatorResponse.KubeStatus(422, "Invalid", $"Namespace \"{ns}\" is invalid: metadata.labels: {detail}", ns, "Namespace");
        response.Body!["details"]!["causes"] = new JsonArray(new JsonObject
        {
            ["reason"] = "FieldValueInvalid",
            ["message"] = detail,
            ["field"] = "metadata.labels",
        });
        return response;
    }
}
