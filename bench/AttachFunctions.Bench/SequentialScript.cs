using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AttachFunctions.Core.Roles;
using AttachFunctions.Infrastructure.Arm;
using k8s;

namespace AttachFunctions.Bench;

/// <summary>
/// The sequential baseline: the REST calls a person's script sends when it attaches a cluster by hand (the README's
/// manual routine: az aks show, az k8s-extension list, az aks get-credentials + kubectl create namespace, then per
/// workspace az ml compute attach and az role assignment create), one after another, over a plain HttpClient. It uses
/// none of the product's gateways or ensure-steps; it shares with the product only the emulator, its latencies, and
/// the retry timing (LRO polling, PrincipalNotFound backoff) so that the comparison is about orchestration, not timing.
/// </summary>
internal sealed class SequentialScript : IDisposable
{
    /// <summary>The ARM audience, in the unsigned token shape the stand-in reads (see StandInCredential).</summary>
    private const string ArmScope = "https://management.azure.com/.default";

    /// <summary>The AKS Entra server application, the audience of tokens for an Entra-integrated cluster's API server.</summary>
    private const string AksServerScope = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

    /// <summary>The product's poll timing against the stand-in (StandInProfile.ConfigureArm): 50 ms without Retry-After, at least 10 ms.</summary>
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MinimumPoll = TimeSpan.FromMilliseconds(10);

    private readonly BenchWorld _world;
    private readonly HttpClient _http;

    public SequentialScript(BenchWorld world)
    {
        _world = world;
        _http = new HttpClient(world.Emulator.CreateTrustingHandler()) { BaseAddress = world.Emulator.ArmEndpoint };
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var clusterId = BenchWorld.ClusterId(0);

        // az aks show; az k8s-extension list (the ML extension must be Succeeded).
        var cluster = await ArmAsync(HttpMethod.Get, $"{clusterId}?api-version={ArmApiVersions.ContainerService}", null, ct);
        var location = cluster["location"]?.GetValue<string>() ?? "westeurope";
        var extensions = await ArmAsync(HttpMethod.Get, $"{clusterId}/providers/Microsoft.KubernetesConfiguration/extensions?api-version={ArmApiVersions.KubernetesConfiguration}", null, ct);
        if (!(extensions["value"]?.AsArray() ?? []).Any(e => e?["properties"]?["provisioningState"]?.GetValue<string>() == "Succeeded"))
        {
            throw new InvalidOperationException("The ML extension is not installed.");
        }

        // az aks get-credentials; kubectl create namespace (once: every workspace's compute shares it).
        var credentials = await ArmAsync(HttpMethod.Post, $"{clusterId}/listClusterUserCredential?api-version={ArmApiVersions.ContainerService}", null, ct);
        var server = ServerOf(Convert.FromBase64String(credentials["kubeconfigs"]![0]!["value"]!.GetValue<string>()));
        var ns = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = BenchWorld.Namespace } };
        using (var created = await SendAsync(HttpMethod.Post, new Uri(server, "api/v1/namespaces"), ns, AksServerScope, ct))
        {
            await EnsureSuccessAsync(created, ct);
        }

        for (var w = 0; w < _world.Spec.Workspaces; w++)
        {
            // az ml compute attach --type Kubernetes: PUT, poll the Azure-AsyncOperation, read the compute.
            var compute = $"{BenchWorld.WorkspaceId(w)}/computes/{BenchWorld.ClusterName(0)}-{BenchWorld.WorkspaceName(w)}?api-version={ArmApiVersions.MachineLearning}";
            var body = new JsonObject
            {
                ["location"] = location,
                ["identity"] = new JsonObject { ["type"] = "SystemAssigned" },
                ["properties"] = new JsonObject
                {
                    ["computeType"] = "Kubernetes",
                    ["resourceId"] = clusterId,
                    ["properties"] = new JsonObject { ["namespace"] = BenchWorld.Namespace },
                },
            };
            using (var put = await SendAsync(HttpMethod.Put, Relative(compute), body, ArmScope, ct))
            {
                await EnsureSuccessAsync(put, ct);
                await PollAsync(put, ct);
            }

            var attached = await ArmAsync(HttpMethod.Get, compute, null, ct);
            var principal = attached["identity"]?["principalId"]?.GetValue<string>() ?? throw new InvalidOperationException("The compute has no identity.");

            // az role assignment create --assignee-principal-type ServicePrincipal, retried while RBAC does not know the principal yet.
            await GrantAsync(BenchWorld.Registry, RoleCatalog.AcrPull.DefinitionGuid, principal, ct);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task GrantAsync(string scope, Guid role, string principal, CancellationToken ct)
    {
        var path = $"{scope}/providers/Microsoft.Authorization/roleAssignments/{Guid.NewGuid():D}?api-version={ArmApiVersions.Authorization}";
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["roleDefinitionId"] = $"/subscriptions/{BenchWorld.Sub}/providers/Microsoft.Authorization/roleDefinitions/{role:D}",
                ["principalId"] = principal,
                ["principalType"] = "ServicePrincipal",
            },
        };
        var resilience = _world.Spec.Resilience;
        var delay = resilience.PrincipalReplicationFirstDelay;
        var deadline = DateTimeOffset.UtcNow + resilience.PrincipalReplicationDeadline;
        while (true)
        {
            using var response = await SendAsync(HttpMethod.Put, Relative(path), body, ArmScope, ct);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var text = await response.Content.ReadAsStringAsync(ct);
            var code = JsonNode.Parse(text)?["error"]?["code"]?.GetValue<string>();
            if (response.StatusCode != HttpStatusCode.BadRequest || code != "PrincipalNotFound" || DateTimeOffset.UtcNow + delay > deadline)
            {
                throw new InvalidOperationException($"role assignment answered {(int)response.StatusCode}: {text}");
            }

            // The script's own backoff, with the product's pipeline's first and longest wait (no jitter).
            await Task.Delay(delay, ct);
            var next = delay * 2;
            delay = next < resilience.PrincipalReplicationMaxDelay ? next : resilience.PrincipalReplicationMaxDelay;
        }
    }

    private async Task PollAsync(HttpResponseMessage accepted, CancellationToken ct)
    {
        if (!accepted.Headers.TryGetValues("Azure-AsyncOperation", out var values))
        {
            return;
        }

        var status = new Uri(values.First());
        var wait = Wait(accepted);
        while (true)
        {
            await Task.Delay(wait, ct);
            using var response = await SendAsync(HttpMethod.Get, status, null, ArmScope, ct);
            await EnsureSuccessAsync(response, ct);
            var state = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))?["status"]?.GetValue<string>();
            if (state is "Succeeded")
            {
                return;
            }

            if (state is "Failed" or "Canceled")
            {
                throw new InvalidOperationException($"the attach ended {state}");
            }

            wait = Wait(response);
        }
    }

    private static TimeSpan Wait(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta > MinimumPoll ? delta : MinimumPoll;
        }

        return DefaultPoll;
    }

    private async Task<JsonNode> ArmAsync(HttpMethod method, string relative, JsonNode? body, CancellationToken ct)
    {
        using var response = await SendAsync(method, Relative(relative), body, ArmScope, ct);
        await EnsureSuccessAsync(response, ct);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) ?? new JsonObject();
    }

    private Uri Relative(string pathAndQuery) => new(_world.Emulator.ArmEndpoint, pathAndQuery.TrimStart('/'));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, JsonNode? body, string scope, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"aud={scope};oid={BenchWorld.Automation}");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await _http.SendAsync(request, ct);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>The API server address from the kubeconfig (its user, a kubelogin exec plugin, is not used).</summary>
    private static Uri ServerOf(byte[] kubeconfig)
    {
        using var stream = new MemoryStream(kubeconfig);
        var parsed = KubernetesClientConfiguration.LoadKubeConfig(stream);
        var context = parsed.Contexts.FirstOrDefault(c => c.Name == parsed.CurrentContext) ?? parsed.Contexts.First();
        var server = parsed.Clusters.First(c => c.Name == context.ContextDetails.Cluster).ClusterEndpoint.Server;
        return new Uri(server.EndsWith('/') ? server : server + "/");
    }
}
