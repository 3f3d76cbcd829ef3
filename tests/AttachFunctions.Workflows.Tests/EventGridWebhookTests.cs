using System.Text.Json;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

public sealed class EventGridWebhookTests
{
    [Fact]
    public async Task ExtensionWrite_EventGridSchema_AttachesEverywhereThePolicySays()
    {
        await using var world = await TestWorld.StartAsync();
        // ARM sends lower-case 'resourcegroups' and data.authorization/claims/httpRequest as JSON strings at times.
        var id = AksResearch.Replace("resourceGroups", "resourcegroups", StringComparison.Ordinal).ToUpperInvariant().Replace("/SUBSCRIPTIONS/", "/subscriptions/", StringComparison.Ordinal);

        var (status, body) = await world.PostEventsAsync(Events.ExtensionWrite(id, stringEncoded: true));

        Assert.Equal(200, status);
        Assert.Contains("\"accepted\":1", body, StringComparison.Ordinal);
        var run = await world.WaitAsync(InstanceIds.ForReconcile(ClusterId.Parse(AksResearch)));
        var report = run.ReadOutputAs<ReconcileRunReport>()!;
        Assert.Equal(RunResults.Converged, report.Result);
        await WorldAssert.AttachedAsync(world, AksResearch);
        // The user-assigned identity of ws-prod got its prerequisite roles on the cluster before attach.
        Assert.Equal(3, world.Emulator.State.RoleAssignments("33333333-0000-0000-0000-000000000001")
            .Count(r => string.Equals(r.Scope, AksResearch, StringComparison.OrdinalIgnoreCase)));
        world.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task ClusterWrite_CloudEventsSingleAndBatch_AttachesBothClusters()
    {
        await using var world = await TestWorld.StartAsync();
        var single = Events.One(Events.CloudEvent("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.ContainerService/managedClusters/write", AksResearch));
        var batch = Events.Batch(
            Events.CloudEvent("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.ContainerService/managedClusters/agentPools/write", AksResearch + "/agentPools/np1"),
            Events.CloudEvent("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.ContainerService/managedClusters/write", AksProd));

        var first = await world.PostEventsAsync(single, "application/cloudevents+json; charset=utf-8");
        var second = await world.PostEventsAsync(batch, "application/cloudevents-batch+json; charset=utf-8");

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Contains("\"ignored\":1", second.Body, StringComparison.Ordinal);
        await world.WaitAsync(InstanceIds.ForReconcile(ClusterId.Parse(AksResearch)));
        // aks-prod-01's extension is still installing: the run waits for it with durable timers, then attaches.
        world.Emulator.State.SetExtensionState(AksProd, "azureml", "Succeeded");
        await world.WaitAsync(InstanceIds.ForReconcile(ClusterId.Parse(AksProd)));
        await WorldAssert.AttachedAsync(world, AksResearch);
        await WorldAssert.AttachedAsync(world, AksProd);
        world.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task ExtensionWrite_ArcClusterWithKubeconfigFromKeyVault_AttachesAndNeverLeaksTheKubeconfig()
    {
        await using var world = await TestWorld.StartAsync(policyForVault: TestPolicies.ArcPolicy);

        var (status, _) = await world.PostEventsAsync(Events.ExtensionWrite(ArcEdge1));

        Assert.Equal(200, status);
        var run = await world.WaitAsync(InstanceIds.ForReconcile(ClusterId.Parse(ArcEdge1)));
        Assert.Equal(RunResults.Converged, run.ReadOutputAs<ReconcileRunReport>()!.Result);
        await WorldAssert.AttachedAsync(world, ArcEdge1);
        world.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task SubscriptionValidation_EventGridSchema_EchoesTheCode()
    {
        await using var world = await TestWorld.StartAsync();
        var validation = Events.SubscriptionValidation("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", "https://rp-eastus2.eventgrid.azure.net/eventsubscriptions/x/validate?id=1");

        var (status, body) = await world.PostEventsAsync(validation);

        Assert.Equal(200, status);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", JsonDocument.Parse(body).RootElement.GetProperty("validationResponse").GetString());
        Assert.Empty(await world.InstancesAsync(""));
    }

    [Fact]
    public async Task Options_CloudEventsAbuseProtection_AllowsTheOrigin()
    {
        await using var world = await TestWorld.StartAsync();
        var request = TestWorld.Request("OPTIONS", headers: new Dictionary<string, string> { ["WebHook-Request-Origin"] = "eventgrid.azure.net", ["WebHook-Request-Rate"] = "120" });

        var (status, _) = world.Read(await world.Webhook.HandleAsync(request, world.Client, CancellationToken.None));

        Assert.Equal(200, status);
        Assert.Equal("eventgrid.azure.net", request.HttpContext.Response.Headers["WebHook-Allowed-Origin"].ToString());
        Assert.Equal("*", request.HttpContext.Response.Headers["WebHook-Allowed-Rate"].ToString());
    }

    [Fact]
    public async Task Deliveries_MalformedIrrelevantOversizedOutOfScope_AnsweredWithoutRuns()
    {
        await using var world = await TestWorld.StartAsync();

        var malformed = await world.PostEventsAsync("{ not json");
        var wrongShape = await world.PostEventsAsync("[{\"id\":\"1\"}]");
        var irrelevant = await world.PostEventsAsync(Events.Batch(Events.EventGrid(
            "Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Storage/storageAccounts/write", Storage)));
        var outOfScope = await world.PostEventsAsync(Events.ClusterWrite(AksPartner));
        var tooMany = await world.PostEventsAsync(Events.Batch(Enumerable.Range(0, 101)
            .Select(_ => (object)Events.EventGrid("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Storage/storageAccounts/write", Storage)).ToArray()));

        Assert.Equal(400, malformed.Status);
        Assert.Contains("not JSON", malformed.Body, StringComparison.Ordinal);
        Assert.Equal(400, wrongShape.Status);
        Assert.Equal(200, irrelevant.Status);
        Assert.Equal(200, outOfScope.Status);
        Assert.Equal(413, tooMany.Status);
        Assert.Empty(await world.InstancesAsync(""));
        Assert.Equal(1, world.Logs.Count("outside the policy's scope"));
    }

    [Fact]
    public async Task Webhook_BatchOf100Events_AnswersFast()
    {
        await using var world = await TestWorld.StartAsync();
        var events = Enumerable.Range(0, 100).Select(i => (object)(i % 2 == 0
            ? Events.EventGrid("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.KubernetesConfiguration/extensions/write", Events.ExtensionId(i % 4 == 0 ? AksResearch : AksProd))
            : Events.EventGrid("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Storage/storageAccounts/write", Storage))).ToArray();
        await world.PostEventsAsync(Events.Batch(Events.EventGrid("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Storage/storageAccounts/write", Storage)));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (status, body) = await world.PostEventsAsync(Events.Batch(events));
        watch.Stop();

        Assert.Equal(200, status);
        Assert.Contains("\"accepted\":2", body, StringComparison.Ordinal);
        Assert.Contains("\"ignored\":50", body, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine($"batch of 100 answered in {watch.ElapsedMilliseconds} ms");
        // Event Grid waits 30 s; the webhook only parses and schedules (generous bound for a loaded 2-core machine).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task QueueMessage_Base64AndRawJson_AttachesTheCluster()
    {
        await using var world = await TestWorld.StartAsync();
        var one = JsonSerializer.Serialize(Events.EventGrid("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.KubernetesConfiguration/extensions/write", Events.ExtensionId(AksResearch)));
        var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(one));

        var fromBase64 = await world.Queue.HandleAsync(base64, "m1", world.Client, CancellationToken.None);
        await world.WaitAsync(InstanceIds.ForReconcile(ClusterId.Parse(AksResearch)));
        var fromRaw = await world.Queue.HandleAsync(one, "m2", world.Client, CancellationToken.None);
        var dropped = await world.Queue.HandleAsync("not an event", "m3", world.Client, CancellationToken.None);

        Assert.Equal(1, fromBase64);
        Assert.Equal(1, fromRaw);
        Assert.Equal(0, dropped);
        await world.WaitAsync(InstanceIds.ForReconcile(ClusterId.Parse(AksResearch)));
        await WorldAssert.AttachedAsync(world, AksResearch);
    }
}
