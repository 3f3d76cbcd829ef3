using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// Builds a Kubernetes client from a <see cref="ValidatedKubeconfig"/>: host, CA, TLS server name and one static
/// credential set directly on <see cref="KubernetesClientConfiguration"/>, never through the library's kubeconfig
/// loader (which would run exec plugins, load auth providers and read files).
/// </summary>
internal static class KubeconfigClients
{
    public static k8s.Kubernetes Create(ValidatedKubeconfig kubeconfig, TimeSpan httpTimeout)
    {
        var config = new KubernetesClientConfiguration
        {
            Host = kubeconfig.Server.ToString(),
            HttpClientTimeout = httpTimeout,
            TlsServerName = kubeconfig.TlsServerName,
            SkipTlsVerify = false,
        };
        if (kubeconfig.CertificateAuthorityData is { } ca)
        {
            config.SslCaCerts = CaCertificates(ca);
        }

        if (kubeconfig.UsesClientCertificate)
        {
            config.ClientCertificateData = kubeconfig.ClientCertificateData;
            config.ClientCertificateKeyData = kubeconfig.ClientKeyData;
        }
        else
        {
            config.AccessToken = kubeconfig.Token;
        }

        return new k8s.Kubernetes(config);
    }

    /// <summary>The certificates of a base64-encoded PEM bundle (a kubeconfig's <c>certificate-authority-data</c>).</summary>
    public static X509Certificate2Collection CaCertificates(string base64Pem)
    {
        var pem = Encoding.UTF8.GetString(Convert.FromBase64String(base64Pem));
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection;
    }
}
