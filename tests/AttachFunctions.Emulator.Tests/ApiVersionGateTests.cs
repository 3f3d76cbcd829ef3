using System.Net;
using AttachFunctions.Emulator;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// Only the api-versions Azure publishes for a resource type are answered (table and sources: PublishedApiVersions).
/// A resource provider's type refuses any other with 400 NoRegisteredProviderFound naming the supported versions; ARM's
/// own endpoints (subscriptions, resource groups) with 400 InvalidApiVersionParameter; nothing is written.
/// </summary>
public sealed class ApiVersionGateTests
{
    [Fact]
    public async Task Get_ManagedClusterAtAnUnpublishedVersion_Is400NoRegisteredProviderFound_NamingTheSupportedVersions()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync($"{TestWorld.AksEntra}?api-version=2025-10-15");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("NoRegisteredProviderFound", reply.ErrorCode);
        var message = reply.Body!["error"]!["message"]!.GetValue<string>();
        Assert.StartsWith("No registered resource provider found for location '", message, StringComparison.Ordinal);
        Assert.Contains("and API version '2025-10-15' for type 'managedClusters'. The supported api-versions are '2017-08-31, ", message, StringComparison.Ordinal);
        Assert.Contains(", 2025-10-01, ", message, StringComparison.Ordinal);
        Assert.Contains("The supported locations are '", message, StringComparison.Ordinal);
        Assert.Null(reply.Body!["id"]);
    }

    [Fact]
    public async Task Put_ComputeAtAnUnpublishedVersion_IsRefused_AndNoComputeIsCreated()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        var reply = await client.PutAsync(
            $"{TestWorld.WsSystem}/computes/c-new?api-version=2025-11-01", TestWorld.AttachBody(TestWorld.AksEntra));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("NoRegisteredProviderFound", reply.ErrorCode);
        Assert.Contains("for type 'workspaces/computes'", reply.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(host.State.Compute(TestWorld.WsSystem, "c-new"));
        Assert.Null(reply.Header("Azure-AsyncOperation"));
    }

    [Fact]
    public async Task Put_RoleAssignmentAtAnUnpublishedVersion_IsRefused_AndNothingIsAssigned()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var before = host.State.RoleAssignments().Count;

        var reply = await client.PutAsync(
            $"{TestWorld.AksEntra}/providers/Microsoft.Authorization/roleAssignments/{Guid.NewGuid()}?api-version=2023-04-01",
            TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("NoRegisteredProviderFound", reply.ErrorCode);
        Assert.Contains("for type 'roleAssignments'", reply.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, host.State.RoleAssignments().Count);
    }

    [Fact]
    public async Task Get_ResourceGroupAtAnUnpublishedVersion_Is400InvalidApiVersionParameter()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync($"{EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-ml")}?api-version=2099-01-01");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("InvalidApiVersionParameter", reply.ErrorCode);
        var message = reply.Body!["error"]!["message"]!.GetValue<string>();
        Assert.StartsWith("The api-version '2099-01-01' is invalid. The supported versions are '", message, StringComparison.Ordinal);
        Assert.Contains("2022-09-01", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-10-02-preview")] // a preview Azure publishes
    [InlineData("2017-08-31")] // the oldest; older SDKs still send old versions
    public async Task Get_ManagedClusterAtAPublishedVersion_IsAnswered(string version)
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync($"{TestWorld.AksEntra}?api-version={version}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Get_ManagedNamespacesAtAVersionBeforeTheyExisted_IsRefused_WhileTheClusterVersionIsNot()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        // 2025-08-01 is a published managedClusters version without managed namespaces (they came with 2025-09-01).
        var namespaces = await client.GetAsync($"{TestWorld.AksEntra}/managedNamespaces?api-version=2025-08-01");
        var cluster = await client.GetAsync($"{TestWorld.AksEntra}?api-version=2025-08-01");

        Assert.Equal(HttpStatusCode.BadRequest, namespaces.Status);
        Assert.Equal("NoRegisteredProviderFound", namespaces.ErrorCode);
        Assert.Contains("for type 'managedClusters/managedNamespaces'", namespaces.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, cluster.Status);
    }

    [Theory]
    [InlineData("/subscriptions/s", "Microsoft.Resources/subscriptions")]
    [InlineData("/subscriptions/s/resourceGroups/rg", "Microsoft.Resources/resourceGroups")]
    [InlineData("/subscriptions/s/providers/Microsoft.ContainerService/managedClusters", "Microsoft.ContainerService/managedClusters")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/listClusterUserCredential", "Microsoft.ContainerService/managedClusters")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/managedNamespaces/n", "Microsoft.ContainerService/managedClusters/managedNamespaces")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/computes", "Microsoft.MachineLearningServices/workspaces/computes")]
    [InlineData("/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/l/computeOperationsStatus/o", "Microsoft.MachineLearningServices/locations/computeOperationsStatus")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/a/providers/Microsoft.KubernetesConfiguration/extensions", "Microsoft.KubernetesConfiguration/extensions")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/providers/Microsoft.Authorization/roleAssignments/r", "Microsoft.Authorization/roleAssignments")]
    [InlineData("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v", null)]
    public void ResourceTypeOf_Path_IsTheTypeTheVersionTableNames(string path, string? expected)
    {
        Assert.Equal(expected, ArmRouter.ResourceTypeOf(path.Split('/', StringSplitOptions.RemoveEmptyEntries)));
    }
}
