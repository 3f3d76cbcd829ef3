using System.Net;

namespace AttachFunctions.Emulator.Tests;

/// <summary>The checks and semantics of compute attach and detach (a PUT over an existing compute: <see cref="ComputePutOnExistingTests"/>).</summary>
public sealed class ComputeBehaviourTests
{
    /// <summary>
    /// Attaches as a real client must: a compute that exists is detached first (a PUT over it would change nothing,
    /// see <see cref="ComputePutOnExistingTests"/>), then the PUT's operation is read once it has run.
    /// </summary>
    private static async Task<(ArmTestClient.Reply Final, EmulatorHost Host)> AttachAsync(EmulatorHost host, Microsoft.Extensions.Time.Testing.FakeTimeProvider time, string workspace, string name, string body)
    {
        using var client = new ArmTestClient(host);
        if (host.State.Compute(workspace, name) is not null)
        {
            var detach = await client.DeleteAsync(TestWorld.ComputePath(workspace, name) + "&underlyingResourceAction=Detach");
            Assert.True(detach.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, detach.Body?.ToJsonString());
            time.Advance(TimeSpan.FromSeconds(3));
            Assert.Null(host.State.Compute(workspace, name));
        }

        var put = await client.PutAsync(TestWorld.ComputePath(workspace, name), body);
        Assert.True(put.Status is HttpStatusCode.Created or HttpStatusCode.OK, put.Body?.ToJsonString());
        time.Advance(TimeSpan.FromSeconds(3));
        var operation = await client.GetAsync(put.Header("Azure-AsyncOperation")!);
        return (operation, host);
    }

    [Fact]
    public async Task Attach_ExtensionMissing_LroFailsWithExtensionNotInstalled()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;

        var (operation, _) = await AttachAsync(host, time, TestWorld.WsSystem, "cmp", TestWorld.AttachBody(TestWorld.AksNoExtension));

        Assert.Equal("Failed", operation.Body!["status"]!.GetValue<string>());
        Assert.Contains("Extension is not installed", operation.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var compute = host.State.Compute(TestWorld.WsSystem, "cmp")!;
        Assert.Equal("Failed", compute.ProvisioningState);
        Assert.Equal(["BadRequest"], compute.ErrorCodes);
    }

    [Fact]
    public async Task Attach_ExtensionStillCreating_FailsThenSucceedsOnceExtensionProgressed()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;

        var (early, _) = await AttachAsync(host, time, TestWorld.WsSystem, "cmp", TestWorld.AttachBody(TestWorld.AksCreating));
        time.Advance(TimeSpan.FromSeconds(20));
        var (late, _) = await AttachAsync(host, time, TestWorld.WsSystem, "cmp", TestWorld.AttachBody(TestWorld.AksCreating));

        Assert.Equal("Failed", early.Body!["status"]!.GetValue<string>());
        Assert.Equal("Succeeded", late.Body!["status"]!.GetValue<string>());
        Assert.Equal("Succeeded", host.State.Extensions(TestWorld.AksCreating).Single().ProvisioningState);
    }

    [Fact]
    public async Task Attach_AksInAnotherSubscription_LroFails()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;

        var (operation, _) = await AttachAsync(host, time, TestWorld.WsSystem, "cmp", TestWorld.AttachBody(TestWorld.AksOtherSub));

        Assert.Equal("Failed", operation.Body!["status"]!.GetValue<string>());
        Assert.Contains("another subscription", operation.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_UserAssignedWorkspaceIdentityMissingRoles_FailsUntilEachRoleIsGranted()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        var messages = new List<string>();

        async Task AttachAndRecordAsync()
        {
            var (operation, _) = await AttachAsync(host, time, TestWorld.WsUser, "arc", TestWorld.AttachBody(TestWorld.Arc, "UserAssigned"));
            messages.Add(operation.Body!["status"]!.GetValue<string>() + ": " + operation.Body!["error"]?["message"]?.GetValue<string>());
        }

        async Task GrantAsync(string scope, string role) =>
            Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(TestWorld.RoleAssignmentPath(scope, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(role, TestWorld.UaiPrincipal))).Status);

        await AttachAndRecordAsync();
        await GrantAsync(TestWorld.Arc, EmulatorIds.ReaderRole);
        await AttachAndRecordAsync();
        await GrantAsync(EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-arc"), EmulatorIds.KubernetesExtensionContributorRole);
        await AttachAndRecordAsync();
        await GrantAsync(TestWorld.Arc, EmulatorIds.AksClusterAdminRole);
        await AttachAndRecordAsync();
        await GrantAsync(TestWorld.Relay, EmulatorIds.AzureRelayOwnerRole);
        await AttachAndRecordAsync();

        Assert.StartsWith("Failed: AKS role check failed for user assigned identity", messages[0], StringComparison.Ordinal);
        Assert.StartsWith("Failed: Extension is not installed", messages[1], StringComparison.Ordinal);
        Assert.StartsWith("Failed: An internal server error occurred", messages[2], StringComparison.Ordinal);
        Assert.StartsWith("Failed: AKS role check failed for user assigned identity", messages[3], StringComparison.Ordinal);
        Assert.Contains("Azure Relay Owner", messages[3], StringComparison.Ordinal);
        Assert.Equal("Succeeded: ", messages[4]);
    }

    [Fact]
    public async Task Attach_NamespaceMissingInCluster_StillSucceeds()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;

        var (operation, _) = await AttachAsync(host, time, TestWorld.WsSystem, "cmp", TestWorld.AttachBody(TestWorld.AksEntra, ns: "nobody-created-me"));

        Assert.Equal("Succeeded", operation.Body!["status"]!.GetValue<string>());
        Assert.DoesNotContain(host.State.Namespaces(TestWorld.AksEntra), n => n.Name == "nobody-created-me");
    }

    [Fact]
    public async Task Delete_WithoutUnderlyingResourceAction_400AndDetachRemovesComputeNotCluster()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        await AttachAsync(host, time, TestWorld.WsSystem, "cmp", TestWorld.AttachBody(TestWorld.AksEntra));
        using var client = new ArmTestClient(host);

        var missing = await client.DeleteAsync(TestWorld.ComputePath(TestWorld.WsSystem, "cmp"));
        var detach = await client.DeleteAsync(TestWorld.ComputePath(TestWorld.WsSystem, "cmp") + "&underlyingResourceAction=Detach");
        var whileDeleting = host.State.Compute(TestWorld.WsSystem, "cmp")!.ProvisioningState;
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await client.GetAsync(detach.Header("Location")!);
        var again = await client.DeleteAsync(TestWorld.ComputePath(TestWorld.WsSystem, "cmp") + "&underlyingResourceAction=Detach");

        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(HttpStatusCode.Accepted, detach.Status);
        Assert.Equal("Deleting", whileDeleting);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Null(host.State.Compute(TestWorld.WsSystem, "cmp"));
        Assert.Equal(HttpStatusCode.NoContent, again.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{TestWorld.AksEntra}?api-version=2025-10-01")).Status);
    }

    [Fact]
    public async Task List_MoreComputesThanPageSize_PagesWithNextLink()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario(new KnobsSpec { PageSize = 2, LroSeconds = 0 }));
        using var client = new ArmTestClient(host);
        foreach (var name in new[] { "ca", "cb", "cc", "cd", "ce" })
        {
            await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, name), TestWorld.AttachBody(TestWorld.AksEntra));
        }

        var names = new List<string>();
        string? next = $"{TestWorld.WsSystem}/computes?api-version=2025-12-01";
        var pages = 0;
        while (next is not null)
        {
            var page = await client.GetAsync(next);
            names.AddRange(page.Body!["value"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
            next = page.Body!["nextLink"]?.GetValue<string>();
            pages++;
        }

        Assert.Equal(["ca", "cb", "cc", "cd", "ce"], names);
        Assert.Equal(3, pages);
    }
}
