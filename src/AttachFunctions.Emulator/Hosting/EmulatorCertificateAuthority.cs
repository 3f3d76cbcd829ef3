using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AttachFunctions.Emulator;

/// <summary>
/// The certificate authority of the emulator's Kubernetes API servers, made at start-up, and the server certificate it
/// signs (SAN 127.0.0.1 and localhost). An AKS API server is reached at <c>https://&lt;fqdn&gt;:443</c> with a certificate
/// signed by the cluster's own CA, which the kubeconfig carries as <c>certificate-authority-data</c> (Microsoft Learn,
/// "Certificate rotation in Azure Kubernetes Service (AKS)": each cluster has its own cluster certificate authority);
/// clients trust that CA, not the machine's store.
/// </summary>
public sealed class EmulatorCertificateAuthority : IDisposable
{
    private EmulatorCertificateAuthority(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        ServerCertificate = server;
    }

    /// <summary>The CA certificate (public part only is ever handed out).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The Kubernetes listener's certificate, with its private key.</summary>
    internal X509Certificate2 ServerCertificate { get; }

    /// <summary>The CA as PEM (what a kubeconfig's <c>certificate-authority-data</c> holds, base64-encoded).</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>Base64 of <see cref="AuthorityPem"/>: the value of <c>certificate-authority-data</c>.</summary>
    public string AuthorityData => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(AuthorityPem + "\n"));

    /// <summary>A new collection holding the CA (for <c>KubernetesClientConfiguration.SslCaCerts</c>); the caller disposes it.</summary>
    public X509Certificate2Collection TrustedRoots() => [X509CertificateLoader.LoadCertificate(Authority.RawData)];

    /// <summary>Makes a new CA and a server certificate for 127.0.0.1 and localhost signed by it.</summary>
    public static EmulatorCertificateAuthority Create(string name = "AttachFunctions Emulator Kubernetes CA - local stand-in")
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={name}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=kube-apiserver (emulator)", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(6), serial);
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        var authority = X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert));
        return new EmulatorCertificateAuthority(authority, server);
    }

    public void Dispose()
    {
        Authority.Dispose();
        ServerCertificate.Dispose();
    }
}
