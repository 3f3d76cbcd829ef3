using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AttachFunctions.Infrastructure.Kubernetes;

namespace AttachFunctions.Core.Tests.Security;

/// <summary>
/// The kubeconfig validator on its own: what it accepts (one https cluster with an inline CA, one static credential)
/// and, field by field, what it refuses; a refusal names the field and never carries its value.
/// </summary>
public sealed class KubeconfigValidatorTests
{
    private const string Secret = "SECRET-VALUE-7f3a";

    private static readonly string Ca = Base64Pem(SelfSigned("CN=cluster-ca"), key: false);

    [Fact]
    public void TokenKubeconfig_WithInlineCa_IsAccepted_AndToStringHidesTheToken()
    {
        var validated = KubeconfigValidator.Validate(Kubeconfig(user: $"    token: {Secret}\n"));

        Assert.Equal(new Uri("https://arc.example.net:6443/"), validated.Server);
        Assert.Equal(Ca, validated.CertificateAuthorityData);
        Assert.False(validated.UsesClientCertificate);
        Assert.DoesNotContain(Secret, validated.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ClientCertificateKubeconfig_IsAccepted()
    {
        using var certificate = SelfSigned("CN=automation");
        var user = $"    client-certificate-data: {Base64Pem(certificate, key: false)}\n    client-key-data: {Base64Pem(certificate, key: true)}\n";

        var validated = KubeconfigValidator.Validate(Kubeconfig(user: user));

        Assert.True(validated.UsesClientCertificate);
    }

    [Fact]
    public void Base64WrappedKubeconfig_WithoutCa_IsAccepted_AndUsesTheSystemTrustStore()
    {
        var text = Kubeconfig(user: $"    token: {Secret}\n", ca: false);

        var validated = KubeconfigValidator.Validate(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));

        Assert.Null(validated.CertificateAuthorityData);
    }

    [Fact]
    public void InsecureSkipTlsVerifyFalse_IsAccepted()
    {
        KubeconfigValidator.Validate(Kubeconfig(user: $"    token: {Secret}\n", clusterExtra: "    insecure-skip-tls-verify: false\n"));
    }

    [Theory]
    [InlineData("users[0].user.exec", "", "    exec:\n      command: /bin/sh\n      args: [\"-c\", \"SECRET-VALUE-7f3a\"]\n")]
    [InlineData("users[0].user.auth-provider", "", "    auth-provider:\n      name: gcp\n      config:\n        access-token: SECRET-VALUE-7f3a\n")]
    [InlineData("clusters[0].cluster.certificate-authority", "    certificate-authority: /SECRET-VALUE-7f3a/ca.crt\n", "    token: t\n")]
    [InlineData("users[0].user.client-certificate", "", "    client-certificate: /SECRET-VALUE-7f3a/c.crt\n")]
    [InlineData("users[0].user.client-key", "", "    client-key: /SECRET-VALUE-7f3a/c.key\n")]
    [InlineData("users[0].user.tokenFile", "", "    tokenFile: /SECRET-VALUE-7f3a/token\n")]
    [InlineData("clusters[0].cluster.insecure-skip-tls-verify", "    insecure-skip-tls-verify: true\n", "    token: SECRET-VALUE-7f3a\n")]
    [InlineData("clusters[0].cluster.proxy-url", "    proxy-url: socks5://SECRET-VALUE-7f3a:1080\n", "    token: t\n")]
    [InlineData("users[0].user.username", "", "    username: admin\n    password: SECRET-VALUE-7f3a\n")]
    [InlineData("users[0].user.as", "", "    token: t\n    as: system:admin\n")]
    [InlineData("users[0].user.hostile-plugin", "", "    token: t\n    hostile-plugin: SECRET-VALUE-7f3a\n")]
    [InlineData("clusters[0].cluster.certificate-authority-data", "    certificate-authority-data: U0VDUkVULVZBTFVFLTdmM2E=\n", "    token: t\n")]
    [InlineData("users[0].user", "", "    token: SECRET-VALUE-7f3a\n    client-key-data: eA==\n")]
    [InlineData("users[0].user", "", "    extensions: []\n")]
    public void Kubeconfig_WithRefusedField_IsRefused_NamingTheFieldNotItsValue(string field, string clusterExtra, string user)
    {
        var text = Kubeconfig(user: user, clusterExtra: clusterExtra, ca: !clusterExtra.Contains("certificate-authority", StringComparison.Ordinal));

        var refused = Assert.Throws<KubeconfigRefusedException>(() => KubeconfigValidator.Validate(text));

        Assert.Equal(field, refused.Field);
        Assert.DoesNotContain(Secret, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://arc.example.net:8080")]
    [InlineData("http://127.0.0.1:8080/k8s/arc")]
    [InlineData("http://localhost:8080/k8s/arc")]
    [InlineData("ftp://arc.example.net")]
    [InlineData("https://user:SECRET-VALUE-7f3a@arc.example.net")]
    public void Kubeconfig_WithAServerThatIsNotHttps_IsRefused_EvenOnLoopback(string server)
    {
        var text = Kubeconfig(user: "    token: t\n", server: server);

        var refused = Assert.Throws<KubeconfigRefusedException>(() => KubeconfigValidator.Validate(text));

        Assert.Equal("clusters[0].cluster.server", refused.Field);
        Assert.DoesNotContain(Secret, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users", "- name: second\n  user:\n    token: SECRET-VALUE-7f3a\n")]
    [InlineData("contexts", "")]
    [InlineData("clusters", "")]
    public void Kubeconfig_WithSeveralEntries_IsRefused(string list, string extraUser)
    {
        var text = Kubeconfig(user: "    token: t\n") + extraUser;
        text = list switch
        {
            "contexts" => text.Replace("current-context: edge", "- context:\n    cluster: edge\n    user: edge-user\n  name: other\ncurrent-context: edge", StringComparison.Ordinal),
            "clusters" => text.Replace("contexts:", "- cluster:\n    server: https://other.example.net\n  name: other\ncontexts:", StringComparison.Ordinal),
            _ => text,
        };

        var refused = Assert.Throws<KubeconfigRefusedException>(() => KubeconfigValidator.Validate(text));

        Assert.Equal(list, refused.Field);
        Assert.Equal("2 entries; exactly one is accepted", refused.Reason);
    }

    [Theory]
    [InlineData("current-context: edge", "current-context: elsewhere", "current-context")]
    [InlineData("    cluster: edge\n    user: edge-user", "    cluster: elsewhere\n    user: edge-user", "contexts[0].context.cluster")]
    [InlineData("    cluster: edge\n    user: edge-user", "    cluster: edge\n    user: someone", "contexts[0].context.user")]
    [InlineData("kind: Config", "kind: Config\nhostile: SECRET-VALUE-7f3a", "hostile")]
    public void Kubeconfig_WithInconsistentOrUnknownTopLevel_IsRefused(string from, string to, string field)
    {
        var text = Kubeconfig(user: "    token: t\n").Replace(from, to, StringComparison.Ordinal);

        var refused = Assert.Throws<KubeconfigRefusedException>(() => KubeconfigValidator.Validate(text));

        Assert.Equal(field, refused.Field);
    }

    [Theory]
    [InlineData("clusters: [unclosed")]
    [InlineData("- just\n- a list\n")]
    [InlineData("apiVersion: v1\n---\napiVersion: v1\n")]
    [InlineData("apiVersion: v1\napiVersion: v2\n")]
    public void Kubeconfig_NotOneYamlMapping_IsRefused(string text)
    {
        var refused = Assert.Throws<KubeconfigRefusedException>(() => KubeconfigValidator.Validate(text));

        Assert.Equal("(document)", refused.Field);
    }

    [Fact]
    public void Kubeconfig_Oversized_IsRefusedBeforeParsing()
    {
        var text = Kubeconfig(user: "    token: t\n") + "preferences:\n  x: " + new string('x', KubeconfigValidator.MaxBytes) + "\n";

        var refused = Assert.Throws<KubeconfigRefusedException>(() => KubeconfigValidator.Validate(text));

        Assert.Equal("(secret)", refused.Field);
    }

    private static string Kubeconfig(string user, string clusterExtra = "", string server = "https://arc.example.net:6443", bool ca = true)
    {
        var caLine = ca ? $"    certificate-authority-data: {Ca}\n" : "";
        return $"apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: {server}\n{caLine}{clusterExtra}  name: edge\n" +
            "contexts:\n- context:\n    cluster: edge\n    user: edge-user\n  name: edge\ncurrent-context: edge\n" +
            $"users:\n- name: edge-user\n  user:\n{user}";
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static string Base64Pem(X509Certificate2 certificate, bool key)
    {
        var pem = key ? certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() : certificate.ExportCertificatePem();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
    }
}
