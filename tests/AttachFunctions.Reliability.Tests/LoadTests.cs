using System.Globalization;
using System.Text.Json;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Emulator;
using AttachFunctions.Workflows;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests;

/// <summary>
/// Reliability matrix (docs/reliability.md), scenarios F, light: many distinct clusters at once under ARM's write token bucket. The product's own write
/// limiter, sized below the bucket, keeps every write under it; nothing is throttled and every cluster converges.
/// The heavy versions (fleets of hundreds of clusters, reads included) live in the benchmark.
/// </summary>
public sealed class LoadTests
{
    private const string Sub = Sub1;
    private const int Clusters = 8;
    private const string Workspace = $"/subscriptions/{Sub}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-fleet";
    private const string Registry = $"/subscriptions/{Sub}/resourceGroups/rg-ml/providers/Microsoft.ContainerRegistry/registries/crfleet";

    [Fact]
    public async Task Fleet_EightClustersAtOnceUnderASmallWriteBucket_NoWriteThrottledAndAllConverge()
    {
        // ARM's write bucket shrunk to 10 tokens (refill 20/s); the product's limiter to 8 tokens at 16/s (8/10 of it).
        await using var world = await ReliabilityWorld.StartAsync(
            PolicyJson(),
            knobs: k => k.Throttling = new ThrottlingSpec
            {
                Enabled = true,
                Reads = new BucketSpec { Capacity = 100_000, RefillPerSecond = 100_000 },
                Writes = new BucketSpec { Capacity = 10, RefillPerSecond = 20 },
                Deletes = new BucketSpec { Capacity = 10, RefillPerSecond = 20 },
            },
            scenarioJson: ScenarioJson(),
            configureArm: arm =>
            {
                arm.WriteBurstPerSubscription = 8;
                arm.WritesPerSecondPerSubscription = 16;
            });
        var ids = Enumerable.Range(0, Clusters).Select(ClusterId).ToArray();

        var (status, body) = await world.PostEventsAsync(JsonSerializer.Serialize(ids.Select(id =>
            Deliveries.Event("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.ContainerService/managedClusters/write", id)).ToArray()));
        Assert.True(status == 200, body);
        var reports = await Task.WhenAll(ids.Select(id => world.WaitAsync(InstanceIds.ForReconcile(Core.Clusters.ClusterId.Parse(id)))));

        Assert.All(reports, r => Assert.True(r.Converged, r.ClusterId + ": " + r.Result));
        var writes = world.Journal.Count(e => e.Kind == OperationKind.ArmWrite);
        Assert.True(writes > 10, $"only {writes} writes: the bucket was never exceeded");
        Assert.Equal(0, world.Journal.Count(e => e.Kind == OperationKind.ArmWrite && e.Status == 429));
        Assert.Equal(Clusters, world.State.Computes(Workspace).Count(c => c.ProvisioningState == "Succeeded"));
        Assert.All(ids, id => Assert.Single(world.State.Namespaces(id), n => n.Name == "ml-fleet"));
    }

    private static string ClusterId(int i) =>
        $"/subscriptions/{Sub}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/managedClusters/aks{i.ToString("D3", CultureInfo.InvariantCulture)}";

    private static string ScenarioJson() => JsonSerializer.Serialize(new
    {
        tenantId = "aaaaaaaa-0000-0000-0000-000000000001",
        subscriptions = new[] { new { id = Sub, resourceGroups = new[] { new { name = "rg-ml" }, new { name = "rg-fleet" } } } },
        clusters = Enumerable.Range(0, Clusters).Select(i => new
        {
            kind = "aks",
            subscriptionId = Sub,
            resourceGroup = "rg-fleet",
            name = "aks" + i.ToString("D3", CultureInfo.InvariantCulture),
            tags = new Dictionary<string, string> { ["ml"] = "enabled" },
            extensions = new[] { new { name = "azureml", provisioningState = "Succeeded" } },
        }),
        workspaces = new[] { new { subscriptionId = Sub, resourceGroup = "rg-ml", name = "ws-fleet", identityType = "SystemAssigned", principalId = "44444444-0000-0000-0000-000000000001" } },
        registries = new[] { new { subscriptionId = Sub, resourceGroup = "rg-ml", name = "crfleet" } },
        principals = new[] { new { id = AutomationPrincipal, displayName = "attach-automation", type = "ServicePrincipal" } },
    });

    private static string PolicyJson() => $$"""
    {
      "version": 1,
      "scope": { "subscriptions": ["{{Sub}}"] },
      "rules": [
        {
          "name": "fleet",
          "match": { "kind": "aks", "resourceGroups": ["rg-fleet"], "tags": { "ml": "enabled" } },
          "namespaceAccess": { "strategy": "managedNamespace" },
          "attachments": [
            {
              "workspace": "{{Workspace}}",
              "computeName": "{cluster}-f",
              "namespace": { "name": "ml-fleet" },
              "grants": [ { "role": "AcrPull", "scope": "{{Registry}}" } ]
            }
          ]
        }
      ]
    }
    """;
}
