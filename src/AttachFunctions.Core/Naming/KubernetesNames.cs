using System.Text.RegularExpressions;

namespace AttachFunctions.Core.Naming;

/// <summary>Kubernetes naming rules for namespaces, label keys/values and annotation keys (kubernetes.io "Object Names and IDs").</summary>
public static partial class KubernetesNames
{
    /// <summary>
    /// Namespaces a policy may never name, create or adopt: those the platform and common add-ons own. Sources:
    /// kubernetes.io "Namespaces" (the initial namespaces; <c>kube-</c> is reserved for Kubernetes system namespaces);
    /// Microsoft Learn "Azure Arc-enabled Kubernetes agent overview" (<c>azure-arc</c>, and <c>azure-arc-release</c>
    /// holding the agents' Helm release), "Deploy Azure Machine Learning extension on AKS or Arc Kubernetes cluster"
    /// (<c>azureml</c>), "Tutorial: Deploy applications using GitOps with Flux v2" (<c>flux-system</c>), "Understand Azure
    /// Policy for Kubernetes clusters" (<c>gatekeeper-system</c>), "Secure traffic between pods by using network policies
    /// in AKS" (<c>calico-system</c>, <c>calico-apiserver</c>, <c>tigera-operator</c>), "Istio-based service mesh add-on
    /// for AKS" (<c>aks-istio-*</c>), "Managed NGINX ingress with the application routing add-on"
    /// (<c>app-routing-system</c>), "Dapr extension for AKS and Arc-enabled Kubernetes" (<c>dapr-system</c>), "Use
    /// Microsoft Entra Workload ID with AKS" (<c>azure-workload-identity-system</c>); and the upstream defaults of
    /// cert-manager and Istio (<c>cert-manager</c>, <c>istio-system</c>).
    /// </summary>
    public static IReadOnlySet<string> ReservedNamespaces { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "default", "kube-system", "kube-public", "kube-node-lease",
        "azureml", "azure-arc", "azure-arc-release", "flux-system", "gatekeeper-system",
        "calico-system", "calico-apiserver", "tigera-operator", "cert-manager", "istio-system",
        "app-routing-system", "dapr-system", "azure-workload-identity-system",
    };

    /// <summary>Prefixes of reserved namespaces: Kubernetes system namespaces and the AKS Istio add-on's.</summary>
    public static IReadOnlyList<string> ReservedNamespacePrefixes { get; } = ["kube-", "aks-istio-"];

    /// <summary>True when the namespace belongs to the platform or an add-on (<see cref="ReservedNamespaces"/>, <see cref="ReservedNamespacePrefixes"/>).</summary>
    public static bool IsReservedNamespace(string? name) =>
        name is not null && (ReservedNamespaces.Contains(name) || ReservedNamespacePrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)));

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
            reason = $"'{name}' is reserved for the cluster, the Azure ML extension or a platform add-on";
            return false;
        }

        if (ReservedNamespacePrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            reason = prefix == "kube-"
                ? $"'{name}' starts with 'kube-', which is reserved for Kubernetes system namespaces"
                : $"'{name}' starts with '{prefix}', which is reserved for a platform add-on";
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
