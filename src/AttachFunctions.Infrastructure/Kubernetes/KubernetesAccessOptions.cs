using Azure.Core.Pipeline;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// How clusters and Key Vault are reached (configuration section <c>Kubernetes</c>). The transport overrides are set in
/// code only, by hosts that talk to a local stand-in with a self-signed certificate.
/// </summary>
public sealed class KubernetesAccessOptions
{
    /// <summary>Key Vault transport override (set in code only, by <see cref="UseLocalKeyVault"/>).</summary>
    public HttpPipelineTransport? KeyVaultTransport { get; private set; }

    /// <summary>
    /// True only for a local stand-in on 127.0.0.1: the Key Vault client then skips its check that the challenge's
    /// resource matches the vault host. Not bindable from configuration, so no setting can weaken it in Azure.
    /// </summary>
    public bool DisableKeyVaultChallengeResourceVerification { get; private set; }

    /// <summary>Sends Key Vault requests through <paramref name="transport"/> to a local stand-in (never used in Azure).</summary>
    public void UseLocalKeyVault(HttpPipelineTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        KeyVaultTransport = transport;
        DisableKeyVaultChallengeResourceVerification = true;
    }

    /// <summary>Timeout of one HTTP request to a Kubernetes API server.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a Kubernetes client built from a kubeconfig (and the kubeconfig it was built from) is reused before the
    /// secret is read again, so a rotated or revoked kubeconfig stops being used within this time. A 401 or 403 from the
    /// API server drops the client at once.
    /// </summary>
    public TimeSpan ClientLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public void Validate()
    {
        if (HttpTimeout <= TimeSpan.Zero || HttpTimeout > TimeSpan.FromMinutes(5))
        {
            throw new InvalidOperationException($"Kubernetes:HttpTimeout must be between 0 and 5 minutes (got {HttpTimeout}).");
        }

        if (ClientLifetime < TimeSpan.FromSeconds(1) || ClientLifetime > TimeSpan.FromHours(1))
        {
            throw new InvalidOperationException($"Kubernetes:ClientLifetime must be between 1 second and 1 hour (got {ClientLifetime}).");
        }
    }
}
