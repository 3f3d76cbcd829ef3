using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Naming;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Resilience;
using Azure;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Registry;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// Chooses the access strategy per cluster (AKS managed namespaces need no cluster credentials, per Microsoft Learn "Use
/// managed namespaces in AKS"; an Arc cluster is reached with a kubeconfig from Key Vault) and reuses one Kubernetes
/// client per cluster for at most <see cref="KubernetesAccessOptions.ClientLifetime"/>, dropping it at once when the API
/// server answers 401 or 403. A kubeconfig from Key Vault is validated by <see cref="KubeconfigValidator"/> and the
/// client is built from the validated values only. Kubeconfigs and tokens stay in memory; they are never logged or
/// returned. Reserved namespaces (<see cref="KubernetesNames.IsReservedNamespace"/>) are never reached at all.
/// </summary>
public sealed class NamespaceGatewayFactory : INamespaceGatewayFactory, IDisposable
{
    private readonly IArmGateway _arm;
    private readonly TokenCredential _credential;
    private readonly ResiliencePipelineProvider<string> _pipelines;
    private readonly KubernetesAccessOptions _options;
    private readonly KubernetesClientCache _clients;
    private readonly ILogger _logger;

    public NamespaceGatewayFactory(
        IArmGateway arm,
        TokenCredential credential,
        ResiliencePipelineProvider<string> pipelines,
        KubernetesAccessOptions options,
        TimeProvider? time = null,
        ILogger<NamespaceGatewayFactory>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _arm = arm;
        _credential = credential;
        _pipelines = pipelines;
        _options = options;
        _clients = new KubernetesClientCache(time ?? TimeProvider.System, options.ClientLifetime);
        _logger = logger ?? NullLogger<NamespaceGatewayFactory>.Instance;
    }

    public async Task<INamespaceGateway> ForAsync(ClusterInfo cluster, DesiredNamespace desired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(desired);
        if (KubernetesNames.IsReservedNamespace(desired.Name))
        {
            // The desired state never asks for one; this guards every read and write of a namespace whatever built the request.
            KubernetesAccessLog.ReservedNamespaceRefused(_logger, "reach", desired.Name, cluster.Id.Id);
            throw new DiagnosedException(Diagnoses.NamespaceReserved(desired.Name, cluster.Id), ErrorClass.Fatal);
        }

        if (desired.Access == NamespaceAccessStrategy.ManagedNamespace)
        {
            return new ManagedNamespaceGateway(_arm, cluster);
        }

        var key = $"{cluster.Id.Key}|{desired.Access}|{desired.KeyVault?.VaultUri}|{desired.KeyVault?.SecretName}";
        var (client, lookup) = await _clients.GetAsync(key, () => CreateClientAsync(cluster, desired, ct));
        if (lookup == KubernetesClientCache.Lookup.Expired)
        {
            KubernetesAccessLog.ClientExpired(_logger, cluster.Id.Id, _options.ClientLifetime);
        }

        return new KubernetesApiNamespaceGateway(client, _pipelines.GetPipeline(ResiliencePipelineNames.Kubernetes), status =>
        {
            if (_clients.Drop(key, client))
            {
                KubernetesAccessLog.ClientDroppedAfterAuthFailure(_logger, cluster.Id.Id, status);
            }
        })
        {
            PermissionPipeline = _pipelines.GetPipeline(ResiliencePipelineNames.KubernetesPermissionPropagation),
            OnPermissionMissing = forbidden =>
            {
                var (user, verb) = KubernetesForbidden.Parse(forbidden.Message);
                KubernetesAccessLog.PermissionMissing(_logger, cluster.Id.Id, user, verb);
                return new DiagnosedException(Diagnoses.KubernetesPermissionMissing(cluster.Id, user, verb, desired.Access), ErrorClass.Fatal);
            },
            OnServerNotTrusted = why =>
            {
                // A server whose certificate does not chain to the kubeconfig's CA is never retried: the kubeconfig is read again next run.
                _clients.Drop(key, client);
                KubernetesAccessLog.ServerNotTrusted(_logger, cluster.Id.Id, why);
                return new DiagnosedException(Diagnoses.KubernetesServerNotTrusted(cluster.Id, AccessSource(desired), why), ErrorClass.Fatal);
            },
        };
    }

    public void Dispose() => _clients.Dispose();

    private async Task<IKubernetes> CreateClientAsync(ClusterInfo cluster, DesiredNamespace desired, CancellationToken ct)
    {
        if (desired.Access == NamespaceAccessStrategy.KubernetesApi)
        {
            var kubeconfig = await _arm.ListClusterUserCredentialAsync(cluster.Id, ct);
            try
            {
                return FromAksUserKubeconfig(kubeconfig);
            }
            catch (KubeconfigRefusedException ex)
            {
                KubernetesAccessLog.KubeconfigRefused(_logger, cluster.Id.Id, "the AKS user kubeconfig (listClusterUserCredential)", ex.Field, ex.Reason);
                throw new DiagnosedException(Diagnoses.KubeconfigRefused(cluster.Id, "the AKS user kubeconfig (listClusterUserCredential)", ex.Field, ex.Reason), ErrorClass.Fatal);
            }
        }

        var source = desired.KeyVault ?? throw Unavailable(cluster, "no Key Vault is configured for this cluster's rule");
        return await FromKeyVaultAsync(cluster, source, ct);
    }

    /// <summary>
    /// Takes the server (https only, as for Key Vault kubeconfigs) and CA from the AKS user kubeconfig ARM returns,
    /// ignores its user (kubelogin: never run), and uses our Entra token.
    /// </summary>
    private k8s.Kubernetes FromAksUserKubeconfig(byte[] kubeconfig)
    {
        using var stream = new MemoryStream(kubeconfig);
        var parsed = KubernetesClientConfiguration.LoadKubeConfig(stream);
        var context = parsed.Contexts.FirstOrDefault(c => c.Name == parsed.CurrentContext) ?? parsed.Contexts.First();
        var cluster = parsed.Clusters.First(c => c.Name == context.ContextDetails.Cluster).ClusterEndpoint;
        var server = KubeconfigValidator.Server(cluster.Server, "clusters[0].cluster.server");
        var config = new KubernetesClientConfiguration
        {
            Host = server.ToString(),
            TokenProvider = new EntraTokenProvider(_credential),
            HttpClientTimeout = _options.HttpTimeout,
            TlsServerName = cluster.TlsServerName,
        };
        if (!string.IsNullOrEmpty(cluster.CertificateAuthorityData))
        {
            config.SslCaCerts = KubeconfigClients.CaCertificates(cluster.CertificateAuthorityData);
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

        ValidatedKubeconfig kubeconfig;
        try
        {
            kubeconfig = KubeconfigValidator.Validate(secret.Value ?? "");
        }
        catch (KubeconfigRefusedException ex)
        {
            var from = $"Key Vault secret '{source.SecretName}'";
            KubernetesAccessLog.KubeconfigRefused(_logger, cluster.Id.Id, from, ex.Field, ex.Reason);
            throw new DiagnosedException(Diagnoses.KubeconfigRefused(cluster.Id, from, ex.Field, ex.Reason), ErrorClass.Fatal);
        }

        return KubeconfigClients.Create(kubeconfig, _options.HttpTimeout);
    }

    private static string AccessSource(DesiredNamespace desired) => desired.Access == NamespaceAccessStrategy.KubernetesApi
        ? "the AKS user kubeconfig (listClusterUserCredential)"
        : $"Key Vault secret '{desired.KeyVault?.SecretName}'";

    private static DiagnosedException Unavailable(ClusterInfo cluster, string why) =>
        new(Diagnoses.KubeconfigUnavailable(cluster.Id, why), ErrorClass.RetryableSlow);
}
