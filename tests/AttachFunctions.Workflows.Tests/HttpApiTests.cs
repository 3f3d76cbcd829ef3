using System.Text;
using System.Text.Json;
using AttachFunctions.Api.Options;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

public sealed class HttpApiTests
{
    private static readonly SecurityOptions EasyAuth = new() { EasyAuthEnabled = true, RequiredAppRole = "Attach.Operator" };

    [Fact]
    public async Task Attach_DryRun_ReturnsOwnStatusUrlPlanAndMakesNoWrites()
    {
        await using var world = await TestWorld.StartAsync();
        world.Emulator.Journal.Clear();

        var (status, body) = world.Read(await world.Api.AttachAsync(
            TestWorld.Request("POST", $$"""{"clusterId":"{{AksResearch}}","dryRun":true}"""), world.Client, CancellationToken.None));

        Assert.Equal(202, status);
        var accepted = JsonDocument.Parse(body).RootElement;
        var instanceId = accepted.GetProperty("instanceId").GetString()!;
        Assert.Equal($"https://attach.example.net/api/clusters/attach/{instanceId}", accepted.GetProperty("statusUrl").GetString());
        var run = await world.WaitAsync(instanceId);
        var report = run.ReadOutputAs<ReconcileRunReport>()!;
        Assert.Equal(RunResults.Planned, report.Result);
        Assert.True(report.Plan!.WriteCount > 0);

        var (statusCode, statusBody) = world.Read(await world.Api.StatusAsync(TestWorld.Request("GET"), world.Client, instanceId, CancellationToken.None));
        Assert.Equal(200, statusCode);
        var statusJson = JsonDocument.Parse(statusBody).RootElement;
        Assert.Equal("Completed", statusJson.GetProperty("runtimeStatus").GetString());
        Assert.True(statusJson.GetProperty("report").GetProperty("plan").GetProperty("attachments").GetArrayLength() > 0);

        var (planStatus, planBody) = world.Read(await world.Api.PlanAsync(
            TestWorld.Request("GET", query: "?clusterId=" + Uri.EscapeDataString(AksResearch)), world.Client, CancellationToken.None));
        Assert.Equal(200, planStatus);
        Assert.Equal(report.Plan.WriteCount, JsonDocument.Parse(planBody).RootElement.GetProperty("writes").GetInt32());

        Assert.Equal(0, world.Emulator.Journal.Writes);
        Assert.Equal(0, world.Emulator.Journal.Deletes);
        WorldAssert.NotAttached(world, AksResearch, Prod);
        world.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task Attach_ThenStatusAndClusters_ReportsPerStepOutcomes()
    {
        await using var world = await TestWorld.StartAsync();

        var (status, body) = world.Read(await world.Api.AttachAsync(
            TestWorld.Request("POST", $$"""{"clusterId":"{{AksResearch.ToUpperInvariant().Replace("/SUBSCRIPTIONS/", "/subscriptions/", StringComparison.Ordinal)}}","dryRun":false}"""), world.Client, CancellationToken.None));
        Assert.Equal(202, status);
        var instanceId = JsonDocument.Parse(body).RootElement.GetProperty("instanceId").GetString()!;
        await world.WaitAsync(instanceId);

        var (_, statusBody) = world.Read(await world.Api.StatusAsync(TestWorld.Request("GET"), world.Client, instanceId, CancellationToken.None));
        var steps = JsonDocument.Parse(statusBody).RootElement.GetProperty("report").GetProperty("attachments")
            .EnumerateArray().SelectMany(a => a.GetProperty("steps").EnumerateArray()).ToArray();
        Assert.Contains(steps, s => s.GetProperty("kind").GetString() == "Compute" && s.GetProperty("outcome").GetString() == "Created");
        var (listStatus, listBody) = world.Read(await world.Api.ClustersAsync(TestWorld.Request("GET"), world.Client, CancellationToken.None));
        Assert.Equal(200, listStatus);
        var cluster = Assert.Single(JsonDocument.Parse(listBody).RootElement.GetProperty("clusters").EnumerateArray());
        Assert.Equal(AksResearch, cluster.GetProperty("clusterId").GetString(), ignoreCase: true);
        Assert.Equal("converged", cluster.GetProperty("result").GetString());
        await WorldAssert.AttachedAsync(world, AksResearch);
        world.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task Clusters_PagedWithTop_WalksEveryClusterOnceThroughOpaqueTokens()
    {
        await using var world = await TestWorld.StartAsync(TestPolicies.FleetScenario(5), TestPolicies.FleetPolicy);
        for (var i = 1; i <= 5; i++)
        {
            Assert.True((await world.ReconcileAsync(TestPolicies.FleetCluster(i))).Converged);
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var query = "?top=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var (status, body) = world.Read(await world.Api.ClustersAsync(TestWorld.Request("GET", query: query), world.Client, CancellationToken.None));
            Assert.Equal(200, status);
            var page = JsonDocument.Parse(body).RootElement;
            var clusters = page.GetProperty("clusters").EnumerateArray().Select(c => c.GetProperty("clusterId").GetString()!).ToArray();
            Assert.True(clusters.Length <= 2, $"a page of top=2 held {clusters.Length} clusters");
            seen.AddRange(clusters);
            // The last page has no continuationToken.
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            // Opaque: the caller never sees the instance store's own token.
            Assert.True(token is null || !token.Contains("reconcile-", StringComparison.Ordinal));
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Null(token);
        Assert.True(pages >= 3, $"5 clusters at top=2 came in {pages} pages");
        Assert.Equal(Enumerable.Range(1, 5).Select(TestPolicies.FleetCluster).Order(StringComparer.OrdinalIgnoreCase), seen.Order(StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("?top=0", "top must be a whole number from 1 to 100; got '0'")]
    [InlineData("?top=101", "top must be a whole number from 1 to 100; got '101'")]
    [InlineData("?top=ten", "top must be a whole number from 1 to 100; got 'ten'")]
    [InlineData("?top=-1", "top must be a whole number from 1 to 100")]
    [InlineData("?top=1&top=2", "top is given more than once")]
    [InlineData("?continuationToken=%25%25%25", "continuationToken is not base64url")]
    [InlineData("?continuationToken=e30", "continuationToken is not a token this API handed out")]
    [InlineData("?continuationToken=eyJWIjoyLCJUIjoieCJ9", "continuationToken is not a token this API handed out")]
    public async Task Clusters_BadTopOrContinuationToken_400NamingTheProblem(string query, string reason)
    {
        await using var world = await TestWorld.StartAsync();
        Assert.True((await world.ReconcileAsync(AksResearch)).Converged);

        var (status, body) = world.Read(await world.Api.ClustersAsync(TestWorld.Request("GET", query: query), world.Client, CancellationToken.None));

        Assert.Equal(400, status);
        Assert.Contains(reason, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clusters_OversizedContinuationToken_400BeforeAnyDecoding()
    {
        await using var world = await TestWorld.StartAsync();

        var (status, body) = world.Read(await world.Api.ClustersAsync(
            TestWorld.Request("GET", query: "?continuationToken=" + new string('A', 5000)), world.Client, CancellationToken.None));

        Assert.Equal(400, status);
        Assert.Contains("at most 2048", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_EasyAuthWithoutPrincipalOrRole_401And403AndNothingScheduled()
    {
        await using var world = await TestWorld.StartAsync(security: EasyAuth, platformAuthentication: true);
        var body = $$"""{"clusterId":"{{AksResearch}}","dryRun":false}""";

        var anonymous = world.Read(await world.Api.AttachAsync(TestWorld.Request("POST", body), world.Client, CancellationToken.None));
        var withoutRole = world.Read(await world.Api.AttachAsync(
            TestWorld.Request("POST", body, headers: Principal("Reader.Only")), world.Client, CancellationToken.None));
        var garbage = world.Read(await world.Api.AttachAsync(
            TestWorld.Request("POST", body, headers: new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL"] = "%%%" }), world.Client, CancellationToken.None));
        var status = world.Read(await world.Api.StatusAsync(TestWorld.Request("GET"), world.Client, "reconcile-x", CancellationToken.None));
        var plan = world.Read(await world.Api.PlanAsync(
            TestWorld.Request("GET", query: "?clusterId=" + Uri.EscapeDataString(AksResearch), headers: Principal("Reader.Only")), world.Client, CancellationToken.None));

        Assert.Equal(401, anonymous.Status);
        Assert.Equal(403, withoutRole.Status);
        Assert.Equal(401, garbage.Status);
        Assert.Equal(401, status.Status);
        Assert.Equal(403, plan.Status);
        Assert.Empty(await world.InstancesAsync(""));

        var allowed = world.Read(await world.Api.AttachAsync(
            TestWorld.Request("POST", body, headers: Principal("Attach.Operator")), world.Client, CancellationToken.None));
        Assert.Equal(202, allowed.Status);
    }

    [Theory]
    [InlineData("""{"clusterId":"/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c","dryRun":false}""", "not a GUID")]
    [InlineData("""{"clusterId":"/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-aks-partner/providers/Microsoft.ContainerService/managedClusters/aks-partner-01"}""", "outside the policy's scope")]
    [InlineData("""{"clusterId":"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/st","dryRun":false}""", "expected an AKS cluster")]
    [InlineData("""{"clusterId":"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01","dryRun":false,"force":true}""", "force")]
    [InlineData("""{"dryRun":true}""", "clusterId is required")]
    [InlineData("""not json""", "not a valid attach request")]
    public async Task Attach_InvalidBody_400NamingTheProblemAndNothingScheduled(string body, string reason)
    {
        await using var world = await TestWorld.StartAsync();

        var (status, response) = world.Read(await world.Api.AttachAsync(TestWorld.Request("POST", body), world.Client, CancellationToken.None));

        Assert.Equal(400, status);
        Assert.Contains(reason, JsonDocument.Parse(response).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await world.InstancesAsync(""));
    }

    [Fact]
    public async Task Attach_OversizedBody_400AndNothingScheduled()
    {
        await using var world = await TestWorld.StartAsync();
        var body = $$"""{"clusterId":"{{new string('a', 20_000)}}"}""";

        var (status, response) = world.Read(await world.Api.AttachAsync(TestWorld.Request("POST", body), world.Client, CancellationToken.None));

        Assert.Equal(400, status);
        Assert.Contains("larger than", response, StringComparison.Ordinal);
        Assert.Empty(await world.InstancesAsync(""));
    }

    private static Dictionary<string, string> Principal(string role)
    {
        var principal = new
        {
            auth_typ = "aad",
            name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
            role_typ = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
            claims = new[] { new { typ = "roles", val = role }, new { typ = "name", val = "operator@contoso.com" } },
        };
        return new Dictionary<string, string>
        {
            ["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal))),
        };
    }
}
