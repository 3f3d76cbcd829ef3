using Azure.Core.Pipeline;

namespace AttachFunctions.Core.Kubernetes;

/// <summary>Transport settings for reaching clusters and Key Vault (the emulator trusts a self-signed certificate through them).</summary>
public sealed class KubernetesAccessOptions
{
    /// <summary>Key Vault transport override.</summary>
    public HttpPipelineTransport? KeyVaultTransport { get; set; }

    /// <summary>
    /// Skip the Key Vault client's check that the challenge's resource matches the vault host. Only for a local
    /// stand-in on 127.0.0.1; never in production.
    /// </summary>
    public bool DisableKeyVaultChallengeResourceVerification { get; set; }

    /// <summary>Timeout of one HTTP request to a Kubernetes API server.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
