using System.Text.Json;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Tests;

/// <summary>
/// The recheck event's payload reads in both the current object form and the bare string earlier versions raised, so a
/// run in flight across an upgrade does not fail when a recheck reaches it.
/// </summary>
public sealed class RecheckPayloadTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Payload_RoundTrips(bool camelCase)
    {
        var options = camelCase ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions();
        var sent = new RecheckRequest("event-42", false);

        var read = JsonSerializer.Deserialize<RecheckRequest>(JsonSerializer.Serialize(sent, options), options);

        Assert.Equal(sent, read);
    }

    [Fact]
    public void EarlierBareStringPayload_ReadsAsARecheckThatMayCleanUp()
    {
        var read = JsonSerializer.Deserialize<RecheckRequest>("\"event-41\"");

        Assert.Equal(new RecheckRequest("event-41", true), read);
    }

    [Fact]
    public void PayloadOfAnotherShape_IsRefusedNamingIt()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RecheckRequest>("[1]"));

        Assert.Contains("StartArray", ex.Message, StringComparison.Ordinal);
    }
}
