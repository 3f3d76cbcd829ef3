using System.Net;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Observed;
using AttachFunctions.Infrastructure.Errors;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Polly;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// Namespaces through the Kubernetes API of one cluster (a client built from the AKS user kubeconfig with an Entra
/// token, or from a kubeconfig in Key Vault). Every call runs in the <c>kubernetes</c> resilience pipeline.
/// </summary>
public sealed class KubernetesApiNamespaceGateway : INamespaceGateway
{
    private readonly IKubernetes _client;
    private readonly ResiliencePipeline _pipeline;
    private readonly Action<int>? _onAuthFailure;

    /// <summary>
    /// Turns a TLS failure (the API server's certificate does not chain to the kubeconfig's CA, or does not name the
    /// server) into the exception to throw instead of a retryable network error; given the reason, never a certificate.
    /// </summary>
    public Func<string, Exception>? OnServerNotTrusted { get; init; }

    /// <summary>Retries a 403 Forbidden while a new grant propagates (the <c>kubernetes-permission-propagation</c> pipeline); none: no such retry.</summary>
    public ResiliencePipeline? PermissionPipeline { get; init; }

    /// <summary>Turns a 403 Forbidden that outlived <see cref="PermissionPipeline"/> into the exception to throw (a diagnosis naming the role).</summary>
    public Func<KubernetesRequestException, Exception>? OnPermissionMissing { get; init; }

    /// <param name="client">The cluster's client.</param>
    /// <param name="pipeline">The <c>kubernetes</c> resilience pipeline.</param>
    /// <param name="onAuthFailure">Called with the status when the API server answers 401 or 403 (the factory then drops the client).</param>
    public KubernetesApiNamespaceGateway(IKubernetes client, ResiliencePipeline pipeline, Action<int>? onAuthFailure = null)
    {
        _client = client;
        _pipeline = pipeline;
        _onAuthFailure = onAuthFailure;
    }

    public async Task<ObservedNamespace?> GetAsync(string name, CancellationToken ct)
    {
        var ns = await RunAsync(async t =>
        {
            try
            {
                return await _client.CoreV1.ReadNamespaceAsync(name, cancellationToken: t);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, ct);
        return ns is null ? null : ToObserved(ns);
    }

    public async Task<ObservedNamespace> CreateAsync(DesiredNamespace desired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var body = new V1Namespace
        {
            Metadata = new V1ObjectMeta
            {
                Name = desired.Name,
                Labels = desired.Labels.ToDictionary(p => p.Key, p => p.Value),
                Annotations = desired.Annotations.ToDictionary(p => p.Key, p => p.Value),
            },
        };
        var created = await RunAsync(t => _client.CoreV1.CreateNamespaceAsync(body, cancellationToken: t), ct);
        return ToObserved(created);
    }

    public async Task<ObservedNamespace> UpdateAsync(DesiredNamespace desired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(desired);

        // A JSON merge patch sets exactly the desired keys and leaves everyone else's labels alone.
        var patch = new
        {
            metadata = new
            {
                labels = desired.Labels.ToDictionary(p => p.Key, p => p.Value),
                annotations = desired.Annotations.ToDictionary(p => p.Key, p => p.Value),
            },
        };
        var patched = await RunAsync(
            t => _client.CoreV1.PatchNamespaceAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), desired.Name, cancellationToken: t), ct);
        return ToObserved(patched);
    }

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await (PermissionPipeline ?? ResiliencePipeline.Empty).ExecuteAsync(async t => await RunOnceAsync(call, t), ct);
        }
        catch (KubernetesRequestException ex) when (OnPermissionMissing is { } missing && ErrorClassifier.IsKubernetesPermissionDenied(ex))
        {
            throw missing(ex);
        }
    }

    private async Task<T> RunOnceAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct) =>
        await _pipeline.ExecuteAsync(
            async t =>
            {
                try
                {
                    return await call(t);
                }
                catch (HttpRequestException ex) when (OnServerNotTrusted is { } untrusted && TlsFailure(ex) is { } why)
                {
                    throw untrusted(why);
                }
                catch (HttpOperationException ex)
                {
                    var mapped = KubernetesErrors.Map(ex);
                    if (mapped.Status is 401 or 403)
                    {
                        // A rotated or revoked credential: the next attempt reads the kubeconfig again.
                        _onAuthFailure?.Invoke(mapped.Status);
                    }

                    throw mapped;
                }
            },
            ct);

    /// <summary>Why the TLS handshake failed, when it did (the server's certificate was not accepted).</summary>
    private static string? TlsFailure(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException)
            {
                return "the API server's TLS certificate was not accepted (it does not chain to the kubeconfig's certificate-authority-data, or does not name the server)";
            }
        }

        return null;
    }

    private static ObservedNamespace ToObserved(V1Namespace ns) => new(
        ns.Metadata.Name,
        ns.Metadata.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(ns.Metadata.Labels),
        ns.Metadata.Annotations is null ? new Dictionary<string, string>() : new Dictionary<string, string>(ns.Metadata.Annotations),
        string.Equals(ns.Status?.Phase, "Terminating", StringComparison.Ordinal) || ns.Metadata.DeletionTimestamp is not null);
}
