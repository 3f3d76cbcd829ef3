using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// Behaviour 3: the Kubernetes API authorizes per principal. 403 Forbidden with a Status naming the user and the verb
/// (kube-apiserver's ForbiddenStatusError; AKS with Azure RBAC appends "User does not have access to the resource in
/// Azure"), 401 Unauthorized with a Status for a token it does not accept, and grants honoured only after they propagate.
/// </summary>
public sealed class KubernetesRbacBehaviourTests
{
    private const string Stranger = "77777777-0000-0000-0000-000000000001";

    [Fact]
    public async Task Namespaces_CreateByAPrincipalWithoutAGrant_Is403_NamingTheUserAndVerb_AndNothingIsCreated()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var http = Client(host, AksToken(Stranger));

        using var response = await http.PostAsync(Namespaces(host), Body("team-x"), TestContext.Current.CancellationToken);
        var status = await Status(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("Failure", status["status"]!.GetValue<string>());
        Assert.Equal("Forbidden", status["reason"]!.GetValue<string>());
        Assert.Equal(403, status["code"]!.GetValue<int>());
        Assert.StartsWith($"namespaces is forbidden: User \"{Stranger}\" cannot create resource \"namespaces\" in API group \"\" at the cluster scope", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.State.Namespaces(TestWorld.AksEntra), n => n.Name == "team-x");
    }

    [Fact]
    public async Task Namespaces_WithATokenForAnotherAudience_Is401Unauthorized_WithAStatusBody()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var http = Client(host, $"aud=https://management.azure.com/.default;oid={TestWorld.Caller}");

        using var response = await http.GetAsync(Namespaces(host), TestContext.Current.CancellationToken);
        var status = await Status(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthorized", status["reason"]!.GetValue<string>());
        Assert.Equal(401, status["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Grant_IsHonouredOnlyAfterThePropagationDelay_OnTheEmulatorClock()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var _ = host;
        host.Knobs.KubernetesGrantPropagationDelay = TimeSpan.FromMinutes(2);
        using var http = Client(host, AksToken(Stranger));
        var ct = TestContext.Current.CancellationToken;

        host.State.GrantKubernetes(TestWorld.AksEntra, Stranger, "get", "list", "create");
        time.Advance(TimeSpan.FromSeconds(119));
        using var early = await http.PostAsync(Namespaces(host), Body("team-x"), ct);
        var afterEarly = host.State.Namespaces(TestWorld.AksEntra).Any(n => n.Name == "team-x");
        time.Advance(TimeSpan.FromSeconds(1));
        using var due = await http.PostAsync(Namespaces(host), Body("team-x"), ct);
        using var delete = await http.DeleteAsync(Namespaces(host) + "/team-x", ct);
        var deleteStatus = await Status(delete);

        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        Assert.False(afterEarly);
        Assert.Equal(HttpStatusCode.Created, due.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.StartsWith($"namespaces \"team-x\" is forbidden: User \"{Stranger}\" cannot delete resource \"namespaces\" in API group \"\" in the namespace \"team-x\"", deleteStatus["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(host.State.Namespaces(TestWorld.AksEntra), n => n.Name == "team-x" && n.Phase == "Active");
    }

    [Fact]
    public async Task ScenarioGrants_ReplaceTheDefault_AndAnEmptyListAuthorizesNobody()
    {
        var scenario = TestWorld.Scenario();
        scenario = scenario with
        {
            Clusters = [.. scenario.Clusters.Select(c => c.Name == "aks-entra" ? c with { KubernetesGrants = [] } : c)],
        };
        await using var host = await TestHost.StartAsync(scenario);
        using var http = Client(host, AksToken(TestWorld.Caller));

        using var response = await http.GetAsync(Namespaces(host), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains($"User \"{TestWorld.Caller}\" cannot list", (await Status(response))["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    internal static string AksToken(string oid) => $"aud={EmulatorIds.AksServerApplicationId}/.default;oid={oid}";

    internal static HttpClient Client(EmulatorHost host, string token)
    {
        var handler = new HttpClientHandler();
        var roots = host.KubernetesCertificateAuthority.TrustedRoots();
        var ca = roots[0];
        handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is null)
            {
                return false;
            }

            using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
            chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        };
        var client = new HttpClient(handler);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    internal static string Namespaces(EmulatorHost host, string cluster = "") =>
        host.KubernetesEndpoint(cluster.Length == 0 ? TestWorld.AksEntra : cluster) + "/api/v1/namespaces";

    internal static StringContent Body(string name, string labels = "{}") =>
        new($"{{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{{\"name\":\"{name}\",\"labels\":{labels}}}}}", Encoding.UTF8, "application/json");

    internal static async Task<JsonObject> Status(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
}
