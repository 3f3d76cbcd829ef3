using System.Net;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// Each Arc cluster's Azure ML extension has its own Relay namespace (as az k8s-extension create makes one per
/// cluster), referenced from the extension's configurationSettings; attach needs Azure Relay Owner on THAT Relay.
/// </summary>
public sealed class ArcRelayPerClusterTests
{
    private static readonly string Arc2 = EmulatorIds.ConnectedCluster(TestWorld.Sub, "rg-arc", "arc-2");

    private static EmulatorScenario TwoArcClusters()
    {
        var world = TestWorld.Scenario();
        return world with
        {
            Clusters = [.. world.Clusters, new ClusterSpec { Kind = ClusterKind.Arc, SubscriptionId = TestWorld.Sub, ResourceGroup = "rg-arc", Name = "arc-2", Extensions = [new ExtensionSpec { Name = "azureml" }] }],
        };
    }

    [Fact]
    public void RelayName_IsTheOneTheCliDerives()
    {
        Assert.Equal("arc211111111111111111111111111111111rgarcrelay", EmulatorIds.MachineLearningRelayName("arc-2", TestWorld.Sub, "rg-arc"));
        Assert.Equal("arcedge0211111111111111111111111111111111rga1e3b4f", EmulatorIds.MachineLearningRelayName("arc-edge-02", TestWorld.Sub, "rg-arc-edge"));
    }

    [Fact]
    public async Task Extension_ReferencesItsOwnRelay_WhichExistsInTheClustersResourceGroup()
    {
        await using var host = await TestHost.StartAsync(TwoArcClusters());
        using var client = new ArmTestClient(host);
        var ownRelay = $"{EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-arc")}/providers/Microsoft.Relay/namespaces/arc211111111111111111111111111111111rgarcrelay";

        var extension = await client.GetAsync($"{Arc2}/providers/Microsoft.KubernetesConfiguration/extensions/azureml?api-version=2025-03-01");
        var relays = await client.GetAsync($"{EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-arc")}/providers/Microsoft.Relay/namespaces?api-version=2021-11-01");

        var settings = extension.Body!["properties"]!["configurationSettings"]!;
        Assert.Equal(ownRelay + "/hybridConnections/arc-2", settings["relayserver.hybridConnectionResourceID"]!.GetValue<string>());
        Assert.Equal("arc-2", settings["relayserver.hybridConnectionName"]!.GetValue<string>());
        Assert.Equal(
            new[] { ownRelay, TestWorld.Relay }.Order(StringComparer.OrdinalIgnoreCase),
            relays.Body!["value"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(ownRelay, host.State.RelayNamespaceOf(Arc2));
        Assert.Equal(TestWorld.Relay, host.State.RelayNamespaceOf(TestWorld.Arc));
    }

    [Fact]
    public async Task Attach_RelayOwnerOnAnotherClustersRelay_FailsNamingItsOwnRelay_UntilGrantedThere()
    {
        var (host, time) = await TestHost.StartFakeAsync(TwoArcClusters());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        async Task GrantAsync(string scope, string role) =>
            Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(TestWorld.RoleAssignmentPath(scope, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(role, TestWorld.UaiPrincipal))).Status);

        async Task<JsonNodeReply> AttachAsync()
        {
            // A compute that exists (the failed attempt) is detached first: a PUT over it would change nothing.
            if (host.State.Compute(TestWorld.WsUser, "arc2") is not null)
            {
                await client.DeleteAsync(TestWorld.ComputePath(TestWorld.WsUser, "arc2") + "&underlyingResourceAction=Detach");
                time.Advance(TimeSpan.FromSeconds(3));
                Assert.Null(host.State.Compute(TestWorld.WsUser, "arc2"));
            }

            var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsUser, "arc2"), TestWorld.AttachBody(Arc2, "UserAssigned"));
            time.Advance(TimeSpan.FromSeconds(3));
            var operation = await client.GetAsync(put.Header("Azure-AsyncOperation")!);
            return new(operation.Body!["status"]!.GetValue<string>(), operation.Body!["error"]?["message"]?.GetValue<string>());
        }

        foreach (var role in new[] { EmulatorIds.ReaderRole, EmulatorIds.KubernetesExtensionContributorRole, EmulatorIds.AksClusterAdminRole })
        {
            await GrantAsync(Arc2, role);
        }

        await GrantAsync(TestWorld.Relay, EmulatorIds.AzureRelayOwnerRole);
        var onOtherRelay = await AttachAsync();
        await GrantAsync(host.State.RelayNamespaceOf(Arc2)!, EmulatorIds.AzureRelayOwnerRole);
        var onOwnRelay = await AttachAsync();

        Assert.Equal("Failed", onOtherRelay.Status);
        Assert.Contains("Azure Relay Owner", onOtherRelay.Message, StringComparison.Ordinal);
        Assert.Contains("arc211111111111111111111111111111111rgarcrelay", onOtherRelay.Message, StringComparison.Ordinal);
        Assert.Equal("Succeeded", onOwnRelay.Status);
    }

    [Fact]
    public async Task Attach_OwnRelayDeleted_FailsAsExtensionNotInstalled_EvenWithAnotherRelayInTheGroup()
    {
        var (host, time) = await TestHost.StartFakeAsync(TwoArcClusters());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        foreach (var (scope, role) in new[] { (Arc2, EmulatorIds.ReaderRole), (Arc2, EmulatorIds.KubernetesExtensionContributorRole), (Arc2, EmulatorIds.AksClusterAdminRole), (TestWorld.Relay, EmulatorIds.AzureRelayOwnerRole) })
        {
            await client.PutAsync(TestWorld.RoleAssignmentPath(scope, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(role, TestWorld.UaiPrincipal));
        }

        Assert.True(host.State.DeleteRelayNamespace(host.State.RelayNamespaceOf(Arc2)!));
        var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsUser, "arc2"), TestWorld.AttachBody(Arc2, "UserAssigned"));
        time.Advance(TimeSpan.FromSeconds(3));
        var operation = await client.GetAsync(put.Header("Azure-AsyncOperation")!);

        Assert.Equal("Failed", operation.Body!["status"]!.GetValue<string>());
        Assert.Contains("Extension is not installed", operation.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private sealed record JsonNodeReply(string Status, string? Message);
}
