using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;
using Azure.Security.KeyVault.Secrets;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AttachFunctions.Emulator.Tests;

/// <summary>The product's real clients against the emulator: Azure.Core over HTTPS, ArmClient, SecretClient, KubernetesClient.</summary>
public sealed class RealClientTests
{
    private const string ArmScope = "https://management.azure.com/.default";

    private sealed class PipelineOptions : ClientOptions;

    private static HttpPipeline Pipeline(EmulatorHost host, TokenCredential credential)
    {
        var options = new PipelineOptions { Transport = new HttpClientTransport(host.CreateTrustingHandler()) };
        return HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, ArmScope));
    }

    private static async Task<Response> SendAsync(HttpPipeline pipeline, RequestMethod method, Uri uri, string? body = null)
    {
        var request = pipeline.CreateRequest();
        request.Method = method;
        request.Uri.Reset(uri);
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(BinaryData.FromString(body));
        }

        return await pipeline.SendRequestAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AzureCorePipeline_ComputeAttach_LroPollingCompletesSucceeded()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        var credential = new FakeCredential();
        var pipeline = Pipeline(host, credential);

        var put = await SendAsync(pipeline, RequestMethod.Put, new Uri(host.ArmEndpoint, TestWorld.ComputePath(TestWorld.WsSystem, "research-aks").TrimStart('/')),
            TestWorld.AttachBody(TestWorld.AksEntra, ns: "does-not-exist"));
        Assert.Equal(201, put.Status);
        Assert.True(put.Headers.TryGetValue("Azure-AsyncOperation", out var operationUrl));

        var polls = 0;
        string status;
        do
        {
            var poll = await SendAsync(pipeline, RequestMethod.Get, new Uri(operationUrl!));
            status = JsonNode.Parse(poll.Content.ToString())!["status"]!.GetValue<string>();
            if (status == "InProgress")
            {
                Assert.True(poll.Headers.TryGetValue("Retry-After", out var retryAfter));
                time.Advance(TimeSpan.FromSeconds(int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture)));
            }

            polls++;
        }
        while (status == "InProgress" && polls < 50);

        var compute = JsonNode.Parse((await SendAsync(pipeline, RequestMethod.Get, new Uri(host.ArmEndpoint, TestWorld.ComputePath(TestWorld.WsSystem, "research-aks").TrimStart('/')))).Content.ToString())!;
        Assert.Equal("Succeeded", status);
        Assert.Equal(4, polls);
        Assert.Equal("Succeeded", compute["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.True(compute["properties"]!["isAttachedCompute"]!.GetValue<bool>());
        Assert.True(Guid.TryParse(compute["identity"]!["principalId"]!.GetValue<string>(), out _));
        Assert.Contains(ArmScope, credential.RequestedScopes);
        Assert.Equal("Succeeded", host.State.Compute(TestWorld.WsSystem, "research-aks")!.ProvisioningState);
    }

    [Fact]
    public async Task AzureCorePipeline_DuplicateRoleAssignmentUnderAnotherName_RequestFailedWithRoleAssignmentExists()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        var pipeline = Pipeline(host, new FakeCredential());
        var body = TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal);

        var first = await SendAsync(pipeline, RequestMethod.Put, new Uri(host.ArmEndpoint, TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString()).TrimStart('/')), body);
        var second = await SendAsync(pipeline, RequestMethod.Put, new Uri(host.ArmEndpoint, TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString()).TrimStart('/')), body);
        var failure = new RequestFailedException(second);

        Assert.Equal(201, first.Status);
        Assert.True(second.IsError);
        Assert.Equal(409, failure.Status);
        Assert.Equal("RoleAssignmentExists", failure.ErrorCode);
        Assert.Single(host.State.RoleAssignments(TestWorld.ExistingPrincipal));
    }

    [Fact]
    public async Task ArmClient_GenericResourceGet_ReadsClusterWithTags()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(host.ArmEndpoint, "https://management.azure.com"),
            Transport = new HttpClientTransport(host.CreateTrustingHandler()),
        };
        options.SetApiVersion(new ResourceType("Microsoft.ContainerService/managedClusters"), "2025-10-01");
        var arm = new ArmClient(new FakeCredential(), TestWorld.Sub, options);

        var resource = await arm.GetGenericResource(new ResourceIdentifier(TestWorld.AksEntra.Replace("resourceGroups", "resourcegroups", StringComparison.Ordinal)))
            .GetAsync(TestContext.Current.CancellationToken);

        Assert.Equal("aks-entra", resource.Value.Data.Name);
        Assert.Equal("enabled", resource.Value.Data.Tags["ml"]);
    }

    [Fact]
    public async Task SecretClient_ArcKubeconfigSecret_ReadsItAndItReachesTheClusterApi()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        var credential = new FakeCredential();
        var secrets = new SecretClient(host.KeyVaultUri, credential, new SecretClientOptions
        {
            DisableChallengeResourceVerification = true,
            Transport = new HttpClientTransport(host.CreateTrustingHandler()),
        });

        KeyVaultSecret secret = await secrets.GetSecretAsync(host.State.KeyVaultSecretName(TestWorld.Arc), cancellationToken: TestContext.Current.CancellationToken);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(secret.Value));
        using var kubernetes = new Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
        var namespaces = await kubernetes.CoreV1.ListNamespaceAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("https://vault.azure.net/.default", credential.RequestedScopes);
        Assert.Contains(host.KubernetesEndpoint(TestWorld.Arc).ToString(), secret.Value, StringComparison.Ordinal);
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "team-edge");
        Assert.Equal(1, host.Journal.Count(e => e.Client == "keyvault" && e.Status == 401));
        Assert.Equal(1, host.Journal.Count(e => e.Client == "keyvault" && e.Status == 200));
    }

    [Fact]
    public async Task KubernetesClient_NamespaceLifecycle_CreateConflictReadPatchDeleteTerminating()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        using var arm = new ArmTestClient(host);
        var credentials = await arm.PostAsync($"{TestWorld.AksLocal}/listClusterUserCredential?api-version=2025-10-01");
        var kubeconfig = Convert.FromBase64String(credentials.Body!["kubeconfigs"]![0]!["value"]!.GetValue<string>());
        using var stream = new MemoryStream(kubeconfig);
        using var kubernetes = new Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
        var ct = TestContext.Current.CancellationToken;
        var ns = new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a", Labels = new Dictionary<string, string> { ["team"] = "a" } } };

        var created = await kubernetes.CoreV1.CreateNamespaceAsync(ns, cancellationToken: ct);
        var duplicate = await Assert.ThrowsAsync<HttpOperationException>(() => kubernetes.CoreV1.CreateNamespaceAsync(ns, cancellationToken: ct));
        var read = await kubernetes.CoreV1.ReadNamespaceAsync("team-a", cancellationToken: ct);
        var patched = await kubernetes.CoreV1.PatchNamespaceAsync(
            new V1Patch("""{"metadata":{"labels":{"owner":"ml","team":null}}}""", V1Patch.PatchType.MergePatch), "team-a", cancellationToken: ct);
        await kubernetes.CoreV1.DeleteNamespaceAsync("team-a", cancellationToken: ct);
        var terminating = await kubernetes.CoreV1.ReadNamespaceAsync("team-a", cancellationToken: ct);
        time.Advance(TimeSpan.FromSeconds(5));
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => kubernetes.CoreV1.ReadNamespaceAsync("team-a", cancellationToken: ct));

        Assert.Equal("Active", created.Status.Phase);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Response.StatusCode);
        Assert.Equal("AlreadyExists", KubernetesJson.Deserialize<V1Status>(duplicate.Response.Content).Reason);
        Assert.Equal("a", read.Metadata.Labels["team"]);
        Assert.Equal("ml", patched.Metadata.Labels["owner"]);
        Assert.False(patched.Metadata.Labels.ContainsKey("team"));
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
        Assert.Equal("NotFound", KubernetesJson.Deserialize<V1Status>(gone.Response.Content).Reason);
        Assert.DoesNotContain(host.State.Namespaces(TestWorld.AksLocal), n => n.Name == "team-a");
    }

    [Fact]
    public async Task KubernetesClient_EntraCluster_AcceptsOnlyAksServerAudienceTokens()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var arm = new ArmTestClient(host);
        var credentials = await arm.PostAsync($"{TestWorld.AksEntra}/listClusterUserCredential?api-version=2025-10-01");
        var yaml = Encoding.UTF8.GetString(Convert.FromBase64String(credentials.Body!["kubeconfigs"]![0]!["value"]!.GetValue<string>()));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(yaml));
        var server = (await KubernetesClientConfiguration.LoadKubeConfigAsync(stream)).Clusters.Single().ClusterEndpoint.Server;
        var ct = TestContext.Current.CancellationToken;
        using var good = new Kubernetes(new KubernetesClientConfiguration { Host = server, SslCaCerts = host.KubernetesCertificateAuthority.TrustedRoots(), AccessToken = $"aud={EmulatorIds.AksServerApplicationId}/.default;oid={TestWorld.Caller}" });
        using var wrongAudience = new Kubernetes(new KubernetesClientConfiguration { Host = server, SslCaCerts = host.KubernetesCertificateAuthority.TrustedRoots(), AccessToken = $"aud={ArmScope};oid={TestWorld.Caller}" });
        using var noToken = new Kubernetes(new KubernetesClientConfiguration { Host = server, SslCaCerts = host.KubernetesCertificateAuthority.TrustedRoots() });

        var list = await good.CoreV1.ListNamespaceAsync(cancellationToken: ct);
        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(() => wrongAudience.CoreV1.ListNamespaceAsync(cancellationToken: ct));
        var anonymous = await Assert.ThrowsAsync<HttpOperationException>(() => noToken.CoreV1.ListNamespaceAsync(cancellationToken: ct));
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => good.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "Bad_Name" } }, cancellationToken: ct));

        Assert.Contains("command: kubelogin", yaml, StringComparison.Ordinal);
        Assert.Contains(EmulatorIds.AksServerApplicationId, yaml, StringComparison.Ordinal);
        Assert.Equal(host.KubernetesEndpoint(TestWorld.AksEntra).ToString(), server);
        Assert.Contains(list.Items, n => n.Metadata.Name == "kube-system");
        Assert.Equal(HttpStatusCode.Unauthorized, forbidden.Response.StatusCode);
        Assert.Equal("Unauthorized", KubernetesJson.Deserialize<V1Status>(forbidden.Response.Content).Reason);
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.Response.StatusCode);
        Assert.Equal((HttpStatusCode)422, invalid.Response.StatusCode);
        Assert.Equal("Invalid", KubernetesJson.Deserialize<V1Status>(invalid.Response.Content).Reason);
    }
}
