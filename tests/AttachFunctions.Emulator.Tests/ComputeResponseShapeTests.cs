using System.Net;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// A compute as Azure returns it carries <c>tags</c> (<c>{}</c> when none were set) and
/// <c>properties.disableLocalAuth</c> (false unless the attach set it), as the ComputeResource and Compute definitions of
/// machineLearningServices.json declare them: in the PUT answer, on GET and in the list.
/// </summary>
public sealed class ComputeResponseShapeTests
{
    [Fact]
    public async Task Compute_AttachedWithoutTags_CarriesEmptyTagsAndDisableLocalAuthFalse_InPutGetAndList()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "plain"), TestWorld.AttachBody(TestWorld.AksEntra));
        var get = await client.GetAsync(TestWorld.ComputePath(TestWorld.WsSystem, "plain"));
        var list = await client.GetAsync($"{TestWorld.WsSystem}/computes?api-version=2025-12-01");

        Assert.Equal(HttpStatusCode.Created, put.Status);
        var listed = list.Body!["value"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "plain")!;
        foreach (var body in new[] { put.Body!, get.Body!, listed })
        {
            var tags = Assert.IsType<JsonObject>(body["tags"]);
            Assert.Empty(tags);
            Assert.False(body["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task Compute_AttachedWithTagsAndDisableLocalAuth_EchoesBoth()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var body = JsonNode.Parse(TestWorld.AttachBody(TestWorld.AksEntra))!;
        body["tags"] = new JsonObject { ["managed-by"] = "attachfunctions" };
        body["properties"]!["disableLocalAuth"] = true;

        await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "tagged"), body.ToJsonString());
        var get = await client.GetAsync(TestWorld.ComputePath(TestWorld.WsSystem, "tagged"));

        Assert.Equal("attachfunctions", get.Body!["tags"]!["managed-by"]!.GetValue<string>());
        Assert.True(get.Body!["properties"]!["disableLocalAuth"]!.GetValue<bool>());
    }
}
