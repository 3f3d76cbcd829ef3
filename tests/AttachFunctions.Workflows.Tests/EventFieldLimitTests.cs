using System.Text.Json;
using AttachFunctions.Api.EventGrid;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

/// <summary>
/// An event field longer than its cap (<see cref="EventFieldLimits"/>) makes the whole delivery malformed: the webhook
/// answers 400 naming the field and the cap (Event Grid dead-letters it), the queue drops the message with that reason,
/// and nothing is scheduled, even when the other events of the batch are valid.
/// </summary>
public sealed class EventFieldLimitTests
{
    private const string Write = "Microsoft.Resources.ResourceWriteSuccess";
    private const string ClusterWrite = "Microsoft.ContainerService/managedClusters/write";

    /// <summary>(field, an event in scope whose field is one character over its cap, the cap).</summary>
    public static TheoryData<string, int> Fields() => new()
    {
        { "id", EventFieldLimits.Id },
        { "eventType", EventFieldLimits.EventType },
        { "topic", EventFieldLimits.ResourceId },
        { "subject", EventFieldLimits.ResourceId },
        { "data.resourceUri", EventFieldLimits.ResourceId },
        { "data.operationName", EventFieldLimits.OperationName },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Webhook_EventFieldOverItsCap_Is400NamingFieldAndCap_AndNothingIsScheduled(string field, int cap)
    {
        await using var world = await TestWorld.StartAsync();
        var valid = Events.EventGrid(Write, ClusterWrite, AksProd);
        var oversized = Oversized(field, cap);

        var (status, body) = await world.PostEventsAsync(Events.Batch(valid, oversized));

        Assert.Equal(400, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();
        Assert.Equal($"Event 2 of the delivery: {field} is {cap + 1} characters long; at most {cap} are accepted.", error);
        Assert.Empty(await world.InstancesAsync(""));
        Assert.Equal(0, world.WritesInJournal());
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task QueueMessage_EventFieldOverItsCap_IsDroppedWithTheReason_AndNothingIsScheduled(string field, int cap)
    {
        await using var world = await TestWorld.StartAsync();
        var message = JsonSerializer.Serialize(Oversized(field, cap));

        var started = await world.Queue.HandleAsync(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(message)), "m-over-cap", world.Client, CancellationToken.None);

        Assert.Equal(0, started);
        Assert.Equal(1, world.Logs.Count("m-over-cap", $"{field} is {cap + 1} characters long; at most {cap} are accepted"));
        Assert.Empty(await world.InstancesAsync(""));
    }

    [Fact]
    public async Task Webhook_FieldsAtTheirCaps_AreAccepted()
    {
        await using var world = await TestWorld.StartAsync();
        var atCap = Events.EventGrid(Write, ClusterWrite, AksResearch, id: new string('i', EventFieldLimits.Id));

        var (status, body) = await world.PostEventsAsync(Events.Batch(atCap));

        Assert.True(status == 200, body);
        Assert.Contains("\"accepted\":1", body, StringComparison.Ordinal);
    }

    /// <summary>A write of aks-research-01 (in scope) with <paramref name="field"/> one character over <paramref name="cap"/>.</summary>
    private static Dictionary<string, object?> Oversized(string field, int cap)
    {
        var e = Events.EventGrid(Write, ClusterWrite, AksResearch);
        var data = (Dictionary<string, object?>)e["data"]!;
        switch (field)
        {
            case "id":
                e["id"] = new string('i', cap + 1);
                break;
            case "eventType":
                e["eventType"] = Write + new string('x', cap + 1 - Write.Length);
                break;
            case "topic":
                e["topic"] = "/subscriptions/" + Sub1 + "/" + new string('t', cap + 1 - Sub1.Length - 16);
                break;
            case "subject":
                e["subject"] = AksResearch + "/" + new string('s', cap - AksResearch.Length);
                break;
            case "data.resourceUri":
                data["resourceUri"] = AksResearch + "/" + new string('r', cap - AksResearch.Length);
                break;
            case "data.operationName":
                data["operationName"] = ClusterWrite + new string('o', cap + 1 - ClusterWrite.Length);
                break;
        }

        return e;
    }
}
