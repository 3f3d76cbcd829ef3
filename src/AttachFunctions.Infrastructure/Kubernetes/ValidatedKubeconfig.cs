namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// The only things the automation takes from a kubeconfig read from Key Vault, after <see cref="KubeconfigValidator"/>
/// accepted it: one https server (plus its CA and TLS server name) and one static credential. No program, file, proxy
/// or plugin can be named here. <see cref="ToString"/> never shows a credential.
/// </summary>
public sealed class ValidatedKubeconfig
{
    internal ValidatedKubeconfig(Uri server, string? certificateAuthorityData, string? tlsServerName, string? token, string? clientCertificateData, string? clientKeyData)
    {
        Server = server;
        CertificateAuthorityData = certificateAuthorityData;
        TlsServerName = tlsServerName;
        Token = token;
        ClientCertificateData = clientCertificateData;
        ClientKeyData = clientKeyData;
    }

    /// <summary>The API server (always https).</summary>
    public Uri Server { get; }

    /// <summary>Base64 of the PEM CA bundle the server's certificate must chain to; null: the system's trust store.</summary>
    public string? CertificateAuthorityData { get; }

    public string? TlsServerName { get; }

    /// <summary>True when the user authenticates with a client certificate rather than a bearer token.</summary>
    public bool UsesClientCertificate => ClientCertificateData is not null;

    internal string? Token { get; }

    internal string? ClientCertificateData { get; }

    internal string? ClientKeyData { get; }

    public override string ToString() => $"kubeconfig for {Server} ({(UsesClientCertificate ? "client certificate" : "bearer token")})";
}
