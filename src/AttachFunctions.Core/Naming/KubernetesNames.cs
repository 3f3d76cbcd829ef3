using System.Text.RegularExpressions;

namespace AttachFunctions.Core.Naming;

/// <summary>Kubernetes naming rules for namespaces, label keys/values and annotation keys (kubernetes.io "Object Names and IDs").</summary>
public static partial class KubernetesNames
{
    /// <summary>Namespaces a policy may never name: the cluster's own and the Azure ML extension's.</summary>
    public static IReadOnlySet<string> ReservedNamespaces { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "default", "kube-system", "kube-public", "kube-node-lease", "azureml" };

    /// <summary>Checks a namespace name as the API server would, plus our reserved list. Ordinal, no normalization.</summary>
    public static bool IsValidNamespace(string? name, out string reason)
    {
        if (string.IsNullOrEmpty(name))
        {
            reason = "a namespace name must not be empty";
            return false;
        }

        if (name.Length > 63)
        {
            reason = $"a namespace name has at most 63 characters ('{name[..20]}...' has {name.Length})";
            return false;
        }

        if (!Rfc1123Label().IsMatch(name))
        {
            reason = $"'{Printable(name)}' is not an RFC 1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit";
            return false;
        }

        if (ReservedNamespaces.Contains(name))
        {
            reason = $"'{name}' is reserved for the cluster or the Azure ML extension";
            return false;
        }

        if (name.StartsWith("kube-", StringComparison.Ordinal))
        {
            reason = $"'{name}' starts with 'kube-', which is reserved for Kubernetes system namespaces";
            return false;
        }

        reason = "";
        return true;
    }

    /// <summary>A label or annotation key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static bool IsValidQualifiedKey(string? key, out string reason)
    {
        if (string.IsNullOrEmpty(key))
        {
            reason = "a key must not be empty";
            return false;
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash >= 0 ? key[(slash + 1)..] : key;
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !DnsSubdomain().IsMatch(prefix))
            {
                reason = $"the prefix '{Printable(prefix)}' of key '{Printable(key)}' must be a DNS subdomain (lowercase, at most 253 characters)";
                return false;
            }
        }

        if (name.Length == 0 || name.Length > 63 || !QualifiedName().IsMatch(name))
        {
            reason = $"the name part '{Printable(name)}' of key '{Printable(key)}' must be 1–63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
            return false;
        }

        reason = "";
        return true;
    }

    /// <summary>A label value: empty, or at most 63 characters, alphanumeric at both ends, '-', '_', '.' inside.</summary>
    public static bool IsValidLabelValue(string? value, out string reason)
    {
        if (string.IsNullOrEmpty(value))
        {
            reason = "";
            return true;
        }

        if (value.Length > 63 || !QualifiedName().IsMatch(value))
        {
            reason = $"the label value '{Printable(value)}' must be at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
            return false;
        }

        reason = "";
        return true;
    }

    /// <summary>Escapes control characters so that a bad value shows in an error message as it is.</summary>
    internal static string Printable(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc1123Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();
}
