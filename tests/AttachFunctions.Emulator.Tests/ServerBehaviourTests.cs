using System.Net;
using System.Text.Json.Nodes;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Emulator.Tests;

/// <summary>Cross-cutting behaviour: authentication, case-insensitive ARM paths, faults, journal, scenario, other resources.</summary>
public sealed class ServerBehaviourTests
{
    [Fact]
    public async Task Arm_MissingTokenWrongAudienceOrApiVersion_ErrorsInArmEnvelope()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var anonymous = new ArmTestClient(host, token: "");
        using var vaultToken = new ArmTestClient(host, token: "aud=https://vault.azure.net/.default");

        var missing = await anonymous.GetAsync($"{TestWorld.AksEntra}?api-version=2025-10-01");
        var wrong = await vaultToken.GetAsync($"{TestWorld.AksEntra}?api-version=2025-10-01");

        using var client = new ArmTestClient(host);
        var noApiVersion = await client.GetAsync(TestWorld.AksEntra);

        Assert.Equal("MissingApiVersionParameter", noApiVersion.ErrorCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal("AuthenticationFailed", missing.ErrorCode);
        Assert.Equal("InvalidAuthenticationTokenAudience", wrong.ErrorCode);
    }

    [Fact]
    public async Task Arm_PathCasingAndListPaging_MatchedCaseInsensitivelyAndPaged()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario(new KnobsSpec { PageSize = 2 }));
        using var client = new ArmTestClient(host);

        var lower = await client.GetAsync($"/SUBSCRIPTIONS/{TestWorld.Sub}/resourcegroups/RG-AKS/providers/microsoft.containerservice/MANAGEDCLUSTERS/aks-entra?api-version=2025-10-01");
        var ids = new List<string>();
        string? next = $"/subscriptions/{TestWorld.Sub}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01";
        while (next is not null)
        {
            var page = await client.GetAsync(next);
            ids.AddRange(page.Body!["value"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
            next = page.Body!["nextLink"]?.GetValue<string>();
        }

        var rgList = await client.GetAsync($"/subscriptions/{TestWorld.Sub}/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters?api-version=2024-01-01");

        Assert.Equal(HttpStatusCode.OK, lower.Status);
        Assert.Equal(TestWorld.AksEntra, lower.Body!["id"]!.GetValue<string>());
        Assert.Equal(4, ids.Count);
        Assert.DoesNotContain(TestWorld.AksOtherSub, ids);
        Assert.Equal([TestWorld.Arc], rgList.Body!["value"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Arm_OtherResources_WorkspaceIdentityRelayListIdentityRegistryStorage()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        var ws = await client.GetAsync($"{TestWorld.WsUser}?api-version=2025-12-01");
        var relays = await client.GetAsync($"{EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-arc")}/providers/Microsoft.Relay/namespaces?api-version=2021-11-01");
        var uai = await client.GetAsync($"{TestWorld.Uai}?api-version=2023-01-31");
        var registry = await client.GetAsync($"{EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-ml")}/providers/Microsoft.ContainerRegistry/registries/crml?api-version=2023-07-01");
        var storage = await client.GetAsync($"{EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-ml")}/providers/Microsoft.Storage/storageAccounts/stml?api-version=2023-05-01");
        var missing = await client.GetAsync($"{EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-ml")}/providers/Microsoft.Storage/storageAccounts/nope?api-version=2023-05-01");

        Assert.Equal("UserAssigned", ws.Body!["identity"]!["type"]!.GetValue<string>());
        Assert.Equal(TestWorld.UaiPrincipal, ws.Body!["identity"]!["userAssignedIdentities"]![TestWorld.Uai]!["principalId"]!.GetValue<string>());
        Assert.Equal([TestWorld.Relay], relays.Body!["value"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(TestWorld.UaiPrincipal, uai.Body!["properties"]!["principalId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, registry.Status);
        Assert.Equal(HttpStatusCode.OK, storage.Status);
        Assert.Equal("ResourceNotFound", missing.ErrorCode);
    }

    [Fact]
    public async Task Faults_RouteRulesWithRate_Inject500And503AndDroppedConnections()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var path = $"{TestWorld.AksEntra}?api-version=2025-10-01";
        host.Knobs.AddFault(new FaultRule { Route = "^GET .*/managedClusters/aks-entra$", Kind = FaultKind.ServerError, MaxCount = 1 });
        host.Knobs.AddFault(new FaultRule { Route = "^GET .*/managedClusters/aks-entra$", Kind = FaultKind.Unavailable, RetryAfterSeconds = 7, MaxCount = 1 });
        host.Knobs.AddFault(new FaultRule { Route = "^GET .*/managedClusters/aks-entra$", Kind = FaultKind.DropConnection, MaxCount = 1 });

        var first = await client.GetAsync(path);
        var second = await client.GetAsync(path);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(path));
        var fourth = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.InternalServerError, first.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.Status);
        Assert.Equal("7", second.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, fourth.Status);
        Assert.Equal(3, host.Journal.Count(e => e.Fault is not null));
    }

    [Fact]
    public async Task Faults_HalfRate_InjectsSomeButNotAll()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        host.Knobs.SeedFaults(42);
        host.Knobs.AddFault(new FaultRule { Route = "managedClusters", Kind = FaultKind.Throttle, Rate = 0.5 });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await client.GetAsync($"{TestWorld.AksEntra}?api-version=2025-10-01")).Status);
        }

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.TooManyRequests), 8, 32);
        Assert.Contains(HttpStatusCode.OK, statuses);
    }

    [Fact]
    public async Task Journal_ExportJsonLines_HasEveryRequestAndNoAuthorizationValue()
    {
        var journalFile = Path.Combine(Path.GetTempPath(), $"emulator-{Guid.NewGuid():N}.jsonl");
        const string secretToken = "aud=https://management.azure.com/.default;oid=journal-test;secret=do-not-store";
        try
        {
            await using (var host = await TestHost.StartAsync(TestWorld.Scenario(), new EmulatorOptions { JournalPath = journalFile }))
            {
                using var client = new ArmTestClient(host, secretToken);
                await client.GetAsync($"{TestWorld.AksEntra}?api-version=2025-10-01");
                await client.PutAsync(TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal));
                var exported = journalFile + ".export";
                host.Journal.ExportJsonLines(exported);
                Assert.Equal(File.ReadAllLines(journalFile), File.ReadAllLines(exported));
                File.Delete(exported);
            }

            var lines = File.ReadAllLines(journalFile);
            var entries = lines.Select(l => JsonNode.Parse(l)!).ToList();

            Assert.Equal(2, lines.Length);
            Assert.DoesNotContain(lines, l => l.Contains("do-not-store", StringComparison.Ordinal));
            Assert.Equal(["GET", "PUT"], entries.Select(e => e["method"]!.GetValue<string>()));
            Assert.Equal([200, 201], entries.Select(e => e["status"]!.GetValue<int>()));
            Assert.All(entries, e => Assert.Equal("arm", e["client"]!.GetValue<string>()));
            Assert.Equal("journal-test", entries[0]["principal"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(journalFile);
        }
    }

    [Fact]
    public async Task ManagedNamespaces_PutListDelete_MirroredIntoClusterNamespaces()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        // Operations end at once here; their course is ManagedNamespaceOperationTests'.
        host.Knobs.ManagedNamespaceDuration = TimeSpan.Zero;
        using var client = new ArmTestClient(host);
        var path = $"{TestWorld.AksEntra}/managedNamespaces/team-x?api-version=2025-10-01";
        const string body = """{"location":"westeurope","properties":{"labels":{"team":"x"},"adoptionPolicy":"Never","deletePolicy":"Delete"}}""";

        var created = await client.PutAsync(path, body);
        var mirrored = host.State.Namespaces(TestWorld.AksEntra).Single(n => n.Name == "team-x");
        var list = await client.GetAsync($"{TestWorld.AksEntra}/managedNamespaces?api-version=2025-10-01");
        var deleted = await client.DeleteAsync(path);
        var afterDelete = host.State.Namespaces(TestWorld.AksEntra).Single(n => n.Name == "team-x");
        var systemNamespace = await client.PutAsync($"{TestWorld.AksEntra}/managedNamespaces/kube-public?api-version=2025-10-01", body);
        var adoptNever = await client.PutAsync($"{TestWorld.AksEntra}/managedNamespaces/azureml?api-version=2025-10-01", body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("true", mirrored.Labels["kubernetes.azure.com/managedByArm"]);
        Assert.Equal("x", mirrored.Labels["team"]);
        Assert.Single(list.Body!["value"]!.AsArray());
        Assert.Equal(HttpStatusCode.Accepted, deleted.Status);
        Assert.Equal("Terminating", afterDelete.Phase);
        Assert.Equal(HttpStatusCode.BadRequest, systemNamespace.Status);
        Assert.Equal(HttpStatusCode.Created, adoptNever.Status);
        Assert.Equal("Failed", adoptNever.Body!["properties"]!["provisioningState"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scenario_SampleFile_LoadsAndSeedsTheWorld()
    {
        var scenario = EmulatorScenario.Load(RepoPaths.Combine("samples", "scenario.json"));
        await using var host = await TestHost.StartAsync(scenario);

        Assert.Equal(6, host.State.ClusterIds().Count);
        Assert.Single(host.State.Computes(EmulatorIds.Workspace("11111111-1111-1111-1111-111111111111", "rg-ml", "ws-research")));
        Assert.Equal("Creating", host.State.Extensions(EmulatorIds.ManagedCluster("11111111-1111-1111-1111-111111111111", "rg-aks-prod", "aks-prod-01")).Single().ProvisioningState);
        Assert.Throws<System.Text.Json.JsonException>(() => EmulatorScenario.Parse("""{"clusterz":[]}"""));
    }

    [Fact]
    public async Task Knobs_LatencyAndHang_DelayAndNeverAnswer()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        host.Knobs.SetLatency(OperationKind.ArmRead, TimeSpan.FromMilliseconds(40));
        using var client = new ArmTestClient(host);
        var slow = await client.GetAsync($"{TestWorld.AksEntra}?api-version=2025-10-01");
        host.Knobs.AddFault(new FaultRule { Route = "^GET .*/managedClusters/aks-local$", Kind = FaultKind.Hang });
        using var impatient = new HttpClient(host.CreateTrustingHandler()) { BaseAddress = host.ArmEndpoint, Timeout = TimeSpan.FromMilliseconds(300) };
        impatient.DefaultRequestHeaders.Add("Authorization", "Bearer any");

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GetAsync($"{TestWorld.AksLocal.TrimStart('/')}?api-version=2025-10-01", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, slow.Status);
        // The journal's clock and the delay's timer tick apart by up to a millisecond or two on a loaded machine (seen: 39.2).
        Assert.True(host.Journal.Entries[0].LatencyMs >= 35, host.Journal.Entries[0].LatencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(FaultKind.Hang, host.Journal.Entries[^1].Fault);
    }
}
