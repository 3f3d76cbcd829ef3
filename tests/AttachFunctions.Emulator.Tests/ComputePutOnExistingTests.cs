using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// A PUT on a compute that already exists answers success and changes nothing (Microsoft Learn, "Azure Machine Learning
/// known issues", issue 1002: updating an attached Kubernetes compute appears to succeed but doesn't). Only detach +
/// attach changes an attached compute.
/// </summary>
public sealed class ComputePutOnExistingTests
{
    [Fact]
    public async Task Put_OverSucceededCompute_Answers200WithTheStoredCompute_AndChangesNothing()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        await AttachAndSettleAsync(client, time, "cmp", TestWorld.AttachBody(TestWorld.AksEntra, ns: "first"));
        var before = host.State.Compute(TestWorld.WsSystem, "cmp")!;

        var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "cmp"), TestWorld.AttachBody(TestWorld.AksLocal, ns: "second"));
        time.Advance(TimeSpan.FromSeconds(10));
        var after = host.State.Compute(TestWorld.WsSystem, "cmp")!;

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Null(put.Header("Azure-AsyncOperation"));
        Assert.Equal("first", put.Body!["properties"]!["properties"]!["namespace"]!.GetValue<string>());
        Assert.Equal(TestWorld.AksEntra, put.Body!["properties"]!["resourceId"]!.GetValue<string>());
        Assert.Equal("Succeeded", put.Body!["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.Equal(before.PrincipalId, put.Body!["identity"]!["principalId"]!.GetValue<string>());
        AssertSame(before, after);
    }

    [Fact]
    public async Task Put_OverFailedCompute_StaysFailedWithItsErrors_NoNewPrincipal()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        await AttachAndSettleAsync(client, time, "cmp", TestWorld.AttachBody(TestWorld.AksNoExtension));
        var failed = host.State.Compute(TestWorld.WsSystem, "cmp")!;
        Assert.Equal("Failed", failed.ProvisioningState);
        var principals = host.State.Principals.Count;

        var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "cmp"), TestWorld.AttachBody(TestWorld.AksEntra));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Null(put.Header("Azure-AsyncOperation"));
        Assert.Equal("Failed", put.Body!["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.Equal("BadRequest", put.Body!["properties"]!["provisioningErrors"]![0]!["error"]!["code"]!.GetValue<string>());
        AssertSame(failed, host.State.Compute(TestWorld.WsSystem, "cmp")!);
        Assert.Equal(principals, host.State.Principals.Count);
    }

    [Fact]
    public async Task Put_OverComputeStillCreating_LeavesItsOperationToFinishAsFirstRequested()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        var first = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "cmp"), TestWorld.AttachBody(TestWorld.AksEntra, ns: "first"));
        Assert.Equal(HttpStatusCode.Created, first.Status);

        var second = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "cmp"), TestWorld.AttachBody(TestWorld.AksEntra, ns: "second"));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("Creating", second.Body!["properties"]!["provisioningState"]!.GetValue<string>());
        var compute = host.State.Compute(TestWorld.WsSystem, "cmp")!;
        Assert.Equal("Succeeded", compute.ProvisioningState);
        Assert.Equal("first", compute.Namespace);
    }

    [Fact]
    public async Task DetachThenAttach_IsTheWayToChangeACompute_NewNamespaceAndNewPrincipal()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        await AttachAndSettleAsync(client, time, "cmp", TestWorld.AttachBody(TestWorld.AksEntra, ns: "first"));
        var before = host.State.Compute(TestWorld.WsSystem, "cmp")!;

        var detach = await client.DeleteAsync(TestWorld.ComputePath(TestWorld.WsSystem, "cmp") + "&underlyingResourceAction=Detach");
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(host.State.Compute(TestWorld.WsSystem, "cmp"));
        var attach = await AttachAndSettleAsync(client, time, "cmp", TestWorld.AttachBody(TestWorld.AksEntra, ns: "second"));
        var after = host.State.Compute(TestWorld.WsSystem, "cmp")!;

        Assert.Equal(HttpStatusCode.Accepted, detach.Status);
        Assert.Equal(HttpStatusCode.Created, attach.Status);
        Assert.Equal("second", after.Namespace);
        Assert.Equal("Succeeded", after.ProvisioningState);
        Assert.NotEqual(before.PrincipalId, after.PrincipalId);
    }

    private static void AssertSame(ComputeInfo expected, ComputeInfo actual)
    {
        Assert.Equal(expected with { ErrorCodes = Array.Empty<string>() }, actual with { ErrorCodes = Array.Empty<string>() });
        Assert.Equal(expected.ErrorCodes, actual.ErrorCodes);
    }

    private static async Task<ArmTestClient.Reply> AttachAndSettleAsync(ArmTestClient client, FakeTimeProvider time, string name, string body)
    {
        var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, name), body);
        Assert.Equal(HttpStatusCode.Created, put.Status);
        time.Advance(TimeSpan.FromSeconds(3));
        var operation = await client.GetAsync(put.Header("Azure-AsyncOperation")!);
        Assert.NotEqual("InProgress", operation.Body!["status"]!.GetValue<string>());
        return put;
    }
}
