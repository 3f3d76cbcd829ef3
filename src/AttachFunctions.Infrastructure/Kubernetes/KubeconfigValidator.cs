using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// Reads a kubeconfig from Key Vault as data and accepts only what the automation needs: exactly one cluster, one user
/// and one context; an https server; the CA as <c>certificate-authority-data</c> (or none: then the server's certificate
/// must chain to the system's trust store; TLS is never skipped); a bearer <c>token</c> or
/// <c>client-certificate-data</c> + <c>client-key-data</c>. Everything else is refused with the field's path, never its
/// value: <c>exec</c> and <c>auth-provider</c> (they run or load code), file paths (<c>certificate-authority</c>,
/// <c>client-certificate</c>, <c>client-key</c>, <c>tokenFile</c>), <c>insecure-skip-tls-verify: true</c>,
/// <c>proxy-url</c>, <c>username</c>/<c>password</c>, impersonation, and any field not listed here. Field names follow
/// kubernetes/client-go <c>tools/clientcmd/api/v1/types.go</c> (Config, Cluster, AuthInfo, Context).
/// The client library's own loader is never used: it would honour all of the above.
/// </summary>
public static class KubeconfigValidator
{
    /// <summary>Largest secret accepted (a kubeconfig with one cluster and one client certificate is a few KB).</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "apiVersion", "kind", "preferences", "extensions", "clusters", "users", "contexts", "current-context" };

    private static readonly Dictionary<string, string> RefusedClusterFields = new(StringComparer.Ordinal)
    {
        ["certificate-authority"] = "a file path; give the CA inline as certificate-authority-data",
        ["proxy-url"] = "the automation never sends cluster traffic through a proxy named by a kubeconfig",
    };

    private static readonly Dictionary<string, string> RefusedUserFields = new(StringComparer.Ordinal)
    {
        ["exec"] = "an exec plugin runs a program; give a token or client-certificate-data + client-key-data",
        ["auth-provider"] = "an auth-provider plugin is not accepted; give a token or client-certificate-data + client-key-data",
        ["client-certificate"] = "a file path; give the certificate inline as client-certificate-data",
        ["client-key"] = "a file path; give the key inline as client-key-data",
        ["tokenFile"] = "a file path; give the token inline as token",
        ["username"] = "basic authentication is not accepted; give a token or a client certificate",
        ["password"] = "basic authentication is not accepted; give a token or a client certificate",
        ["as"] = "impersonation is not accepted",
        ["as-uid"] = "impersonation is not accepted",
        ["as-groups"] = "impersonation is not accepted",
        ["as-user-extra"] = "impersonation is not accepted",
    };

    /// <summary>Validates the secret's value (YAML, or base64 of it). Only https API servers are accepted, loopback included.</summary>
    /// <exception cref="KubeconfigRefusedException">The kubeconfig is refused; the exception names the field.</exception>
    public static ValidatedKubeconfig Validate(string secretValue)
    {
        ArgumentNullException.ThrowIfNull(secretValue);
        var text = Decode(secretValue);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            // The parser's message may quote the document; only the position is reported.
            throw new KubeconfigRefusedException("(document)", $"not valid YAML near line {ex.Start.Line}");
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KubeconfigRefusedException("(document)", "a kubeconfig is exactly one YAML mapping");
        }

        foreach (var key in Keys(root, ""))
        {
            if (!TopLevel.Contains(key))
            {
                throw NotAccepted(key);
            }
        }

        var (clusterName, cluster) = Single(root, "clusters", "cluster");
        var (userName, user) = Single(root, "users", "user");
        var (contextName, context) = Single(root, "contexts", "context");
        var server = ReadCluster(cluster, "clusters[0].cluster", out var caData, out var tlsServerName);
        var (token, certData, keyData) = ReadUser(user, "users[0].user");
        ReadContext(context, "contexts[0].context", clusterName, userName);

        if (Scalar(root, "current-context", "current-context") is { } current && current != contextName)
        {
            throw new KubeconfigRefusedException("current-context", "names a context that is not the kubeconfig's one context");
        }

        return new ValidatedKubeconfig(server, caData, tlsServerName, token, certData, keyData);
    }

    private static string Decode(string value)
    {
        if (Encoding.UTF8.GetByteCount(value) > MaxBytes)
        {
            throw new KubeconfigRefusedException("(secret)", $"larger than {MaxBytes / 1024} KB");
        }

        var trimmed = value.Trim();
        if (!trimmed.Contains(':', StringComparison.Ordinal) && trimmed.Length % 4 == 0)
        {
            var bytes = new byte[trimmed.Length];
            if (Convert.TryFromBase64String(trimmed, bytes, out var written))
            {
                return new UTF8Encoding(false, true).GetString(bytes, 0, written);
            }
        }

        return value;
    }

    private static (string Name, YamlMappingNode Body) Single(YamlMappingNode root, string list, string bodyKey)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(list), out var node) || node is not YamlSequenceNode items)
        {
            throw new KubeconfigRefusedException(list, "missing; exactly one entry is accepted");
        }

        if (items.Children.Count != 1)
        {
            throw new KubeconfigRefusedException(list, $"{items.Children.Count} entries; exactly one is accepted");
        }

        var path = list + "[0]";
        if (items.Children[0] is not YamlMappingNode entry)
        {
            throw new KubeconfigRefusedException(path, "is not a mapping");
        }

        foreach (var key in Keys(entry, path))
        {
            if (key is not ("name" or "extensions") && key != bodyKey)
            {
                throw NotAccepted($"{path}.{key}");
            }
        }

        var name = Scalar(entry, "name", path + ".name") ?? throw new KubeconfigRefusedException(path + ".name", "missing");
        if (!entry.Children.TryGetValue(new YamlScalarNode(bodyKey), out var body) || body is not YamlMappingNode mapping)
        {
            throw new KubeconfigRefusedException($"{path}.{bodyKey}", "missing or not a mapping");
        }

        return (name, mapping);
    }

    private static Uri ReadCluster(YamlMappingNode cluster, string path, out string? caData, out string? tlsServerName)
    {
        foreach (var key in Keys(cluster, path))
        {
            if (RefusedClusterFields.TryGetValue(key, out var why))
            {
                throw new KubeconfigRefusedException($"{path}.{key}", why);
            }

            if (key is not ("server" or "certificate-authority-data" or "tls-server-name" or "insecure-skip-tls-verify" or "extensions"))
            {
                throw NotAccepted($"{path}.{key}");
            }
        }

        if (Scalar(cluster, "insecure-skip-tls-verify", path + ".insecure-skip-tls-verify") is { } skip && !string.Equals(skip, "false", StringComparison.OrdinalIgnoreCase))
        {
            throw new KubeconfigRefusedException(path + ".insecure-skip-tls-verify", "TLS verification of the API server is never skipped");
        }

        var server = Server(Scalar(cluster, "server", path + ".server"), path + ".server");

        caData = Scalar(cluster, "certificate-authority-data", path + ".certificate-authority-data");
        if (caData is not null && !IsPemCertificates(caData))
        {
            throw new KubeconfigRefusedException(path + ".certificate-authority-data", "not base64 of PEM certificates");
        }

        tlsServerName = Scalar(cluster, "tls-server-name", path + ".tls-server-name");
        return server;
    }

    /// <summary>
    /// Checks an API server address: absolute, no user information, https (an AKS or Arc API server is always https;
    /// plain http is refused everywhere, loopback included). Also used for the server of an AKS user kubeconfig from ARM.
    /// </summary>
    public static Uri Server(string? serverText, string field)
    {
        if (serverText is null)
        {
            throw new KubeconfigRefusedException(field, "missing");
        }

        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || server.UserInfo.Length > 0 || server.Host.Length == 0)
        {
            throw new KubeconfigRefusedException(field, "not an absolute URI without user information");
        }

        if (server.Scheme != Uri.UriSchemeHttps)
        {
            throw new KubeconfigRefusedException(field, $"the scheme is '{server.Scheme}'; only https API servers are accepted");
        }

        return server;
    }

    private static (string? Token, string? Cert, string? Key) ReadUser(YamlMappingNode user, string path)
    {
        foreach (var field in Keys(user, path))
        {
            if (RefusedUserFields.TryGetValue(field, out var why))
            {
                throw new KubeconfigRefusedException($"{path}.{field}", why);
            }

            if (field is not ("token" or "client-certificate-data" or "client-key-data" or "extensions"))
            {
                throw NotAccepted($"{path}.{field}");
            }
        }

        var token = Scalar(user, "token", path + ".token");
        var cert = Scalar(user, "client-certificate-data", path + ".client-certificate-data");
        var key = Scalar(user, "client-key-data", path + ".client-key-data");
        if (token is not null && (cert is not null || key is not null))
        {
            throw new KubeconfigRefusedException(path, "gives both a token and a client certificate; give one");
        }

        if ((cert is null) != (key is null))
        {
            throw new KubeconfigRefusedException(path, "client-certificate-data and client-key-data go together");
        }

        if (token is null && cert is null)
        {
            throw new KubeconfigRefusedException(path, "no credential; give a token or client-certificate-data + client-key-data");
        }

        if (cert is not null && !IsPemCertificates(cert))
        {
            throw new KubeconfigRefusedException(path + ".client-certificate-data", "not base64 of a PEM certificate");
        }

        if (key is not null && !IsBase64(key))
        {
            throw new KubeconfigRefusedException(path + ".client-key-data", "not base64 of a PEM key");
        }

        return (token, cert, key);
    }

    private static void ReadContext(YamlMappingNode context, string path, string clusterName, string userName)
    {
        foreach (var key in Keys(context, path))
        {
            if (key is not ("cluster" or "user" or "namespace" or "extensions"))
            {
                throw NotAccepted($"{path}.{key}");
            }
        }

        if (Scalar(context, "cluster", path + ".cluster") != clusterName)
        {
            throw new KubeconfigRefusedException(path + ".cluster", "does not name the kubeconfig's one cluster");
        }

        if (Scalar(context, "user", path + ".user") != userName)
        {
            throw new KubeconfigRefusedException(path + ".user", "does not name the kubeconfig's one user");
        }
    }

    private static IEnumerable<string> Keys(YamlMappingNode mapping, string path)
    {
        foreach (var key in mapping.Children.Keys)
        {
            yield return key is YamlScalarNode { Value: { } name }
                ? name
                : throw new KubeconfigRefusedException(path.Length == 0 ? "(document)" : path, "has a key that is not a plain string");
        }
    }

    private static string? Scalar(YamlMappingNode mapping, string key, string path)
    {
        if (!mapping.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }

        return node is YamlScalarNode scalar && !string.IsNullOrEmpty(scalar.Value)
            ? scalar.Value
            : throw new KubeconfigRefusedException(path, "must be a non-empty string");
    }

    private static bool IsBase64(string value) => Convert.TryFromBase64String(value, new byte[value.Length], out _);

    private static bool IsPemCertificates(string base64)
    {
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }

        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(Encoding.UTF8.GetString(bytes, 0, written));
            var any = collection.Count > 0;
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }

            return any;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static KubeconfigRefusedException NotAccepted(string path) =>
        new(path, "not a field the automation accepts in a kubeconfig");
}
