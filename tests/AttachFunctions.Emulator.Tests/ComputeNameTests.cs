using System.Net;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// Compute names: 2-16 letters, digits and hyphens (Microsoft Learn, "Naming rules and restrictions for Azure
/// resources"), starting with a letter and ending with a letter or digit. Anything else is refused with a 400 ARM error
/// and nothing is created.
/// </summary>
public sealed class ComputeNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("abcdefghijklmnopq")]
    [InlineData("1compute")]
    [InlineData("-compute")]
    [InlineData("compute-")]
    [InlineData("comp_ute")]
    [InlineData("comp.ute")]
    public async Task Put_InvalidComputeName_Is400BadRequestNamingTheRule_AndNothingIsCreated(string name)
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var principals = host.State.Principals.Count;
        var computes = host.State.Computes(TestWorld.WsSystem).Count;

        var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, name), TestWorld.AttachBody(TestWorld.AksEntra));

        Assert.Equal(HttpStatusCode.BadRequest, put.Status);
        var error = put.Body!["error"]!;
        Assert.Equal("BadRequest", error["code"]!.GetValue<string>());
        var message = error["message"]!.GetValue<string>();
        Assert.Contains($"'{name}'", message, StringComparison.Ordinal);
        Assert.Contains("start with a letter, end with a letter or digit, and be between 2 and 16 characters", message, StringComparison.Ordinal);
        Assert.Null(put.Header("Azure-AsyncOperation"));
        Assert.Null(host.State.Compute(TestWorld.WsSystem, name));
        Assert.Equal(computes, host.State.Computes(TestWorld.WsSystem).Count);
        Assert.Equal(principals, host.State.Principals.Count);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("abcdefghijklmnop")]
    [InlineData("A-1b")]
    [InlineData("k8s-compute-01")]
    public async Task Put_ValidComputeName_IsCreated(string name)
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, name), TestWorld.AttachBody(TestWorld.AksEntra));

        Assert.Equal(HttpStatusCode.Created, put.Status);
        Assert.NotNull(host.State.Compute(TestWorld.WsSystem, name));
    }
}
