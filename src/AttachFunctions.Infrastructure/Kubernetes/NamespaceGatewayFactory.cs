using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Resilience;
using Azure;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using k8s;
using k8s.KubeConfigModels;
using Polly.Registry;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// Chooses the access strategy per cluster (AKS managed namespaces need no cluster credentials, per Microsoft Learn "Use managed namespaces in AKS"; an Arc cluster is reached with a kubeconfig from Key Vault) and keeps one Kubernetes client per cluster for the
/// lifetime of this factory. Kubeconfigs and tokens stay in memory; they are never logged or returned.
/// </summary>
public sealed class NamespaceGatewayFactory : INamespaceGatewayFactory, IDisposable
{
    private readonly IArmGateway _arm;
    private readonly TokenCredential _credential;
    private readonly ResiliencePipelineProvider<string> _pipelines;
    private readonly KubernetesAccessOptions _options;
    private readonly ConcurrentDictionary<string, Lazy<Task<IKubernetes>>> _clients = new(StringComparer.OrdinalIgnoreCase);

    public NamespaceGatewayFactory(IArmGateway arm, TokenCredential credential, ResiliencePipelineProvider<string> pipelines, KubernetesAccessOptions options)
    {
        _arm = arm;
        _credential = credential;
        _pipelines = pipelines;
        _options = options;
    }

    public async Task<INamespaceGateway> ForAsync(ClusterInfo cluster, DesiredNamespace desired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(desired);
        if (desired.Access == NamespaceAccessStrategy.ManagedNamespace)
        {
            return new ManagedNamespaceGateway(_arm, cluster);
        }

        var key = $"{cluster.Id.Key}|{desired.Access}|{desired.KeyVault?.VaultUri}|{desired.KeyVault?.SecretName}";
        var lazy = _clients.GetOrAdd(key, _ => new Lazy<Task<IKubernetes>>(() => CreateClientAsync(cluster, desired, ct)));
        IKubernetes client;
        try
        {
            client = await lazy.Value;
        }
        catch
        {
            _clients.TryRemove(key, out _);
            throw;
        }

        return new KubernetesApiNamespaceGateway(client, _pipelines.GetPipeline(ResiliencePipelineNames.Kubernetes));
    }

    public void Dispose()
    {
        foreach (var lazy in _clients.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Dispose();
            }
        }

        _clients.Clear();
    }

    private async Task<IKubernetes> CreateClientAsync(ClusterInfo cluster, DesiredNamespace desired, CancellationToken ct)
    {
        if (desired.Access == NamespaceAccessStrategy.KubernetesApi)
        {
            var kubeconfig = await _arm.ListClusterUserCredentialAsync(cluster.Id, ct);
            return FromAksUserKubeconfig(kubeconfig);
        }

        var source = desired.KeyVault ?? throw Unavailable(cluster, "no Key Vault is configured for this cluster's rule");
        return await FromKeyVaultAsync(cluster, source, ct);
    }

    /// <summary>Takes the server and CA from the AKS user kubeconfig, ignores its user (kubelogin), and uses our Entra token.</summary>
    private k8s.Kubernetes FromAksUserKubeconfig(byte[] kubeconfig)
    {
        using var stream = new MemoryStream(kubeconfig);
        var parsed = KubernetesClientConfiguration.LoadKubeConfig(stream);
        var context = parsed.Contexts.FirstOrDefault(c => c.Name == parsed.CurrentContext) ?? parsed.Contexts.First();
        var cluster = parsed.Clusters.First(c => c.Name == context.ContextDetails.Cluster).ClusterEndpoint;
        var config = new KubernetesClientConfiguration
        {
            Host = cluster.Server,
            TokenProvider = new EntraTokenProvider(_credential),
            HttpClientTimeout = _options.HttpTimeout,
            TlsServerName = cluster.TlsServerName,
        };
        if (!string.IsNullOrEmpty(cluster.CertificateAuthorityData))
        {
            config.SslCaCerts = CaCertificates(cluster);
        }

        return new k8s.Kubernetes(config);
    }

    private async Task<IKubernetes> FromKeyVaultAsync(ClusterInfo cluster, KeyVaultKubeconfigRef source, CancellationToken ct)
    {
        var options = new SecretClientOptions { DisableChallengeResourceVerification = _options.DisableKeyVaultChallengeResourceVerification };
        if (_options.KeyVaultTransport is not null)
        {
            options.Transport = _options.KeyVaultTransport;
        }

        var client = new SecretClient(new Uri(source.VaultUri), _credential, options);
        KeyVaultSecret secret;
        try
        {
            secret = (await client.GetSecretAsync(source.SecretName, cancellationToken: ct)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 403 or 401)
        {
            throw Unavailable(cluster, $"secret '{source.SecretName}' in {source.VaultUri} could not be read ({ex.Status} {ex.ErrorCode})");
        }

        var text = secret.Value;
        var bytes = LooksLikeBase64(text) ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text);
        using var stream = new MemoryStream(bytes);
        var config = await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream);
        config.HttpClientTimeout = _options.HttpTimeout;
        return new k8s.Kubernetes(config);
    }

    private static X509Certificate2Collection CaCertificates(ClusterEndpoint cluster)
    {
        var pem = Encoding.UTF8.GetString(Convert.FromBase64String(cluster.CertificateAuthorityData));
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection;
    }

    private static bool LooksLikeBase64(string text) =>
        !text.Contains(':', StringComparison.Ordinal) && text.Length % 4 == 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static DiagnosedException Unavailable(ClusterInfo cluster, string why) =>
        new(Diagnoses.KubeconfigUnavailable(cluster.Id, why), ErrorClass.RetryableSlow);
}
