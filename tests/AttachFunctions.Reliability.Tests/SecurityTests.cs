using System.Text.Json;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests;

/// <summary>Reliability matrix (docs/reliability.md), scenarios E: no secret reaches a response or a log line; our own status URL never carries a Durable key.</summary>
public sealed class SecurityTests
{
    private static readonly string[] Forbidden = ["code=", "systemKey", "Bearer ", "eyJ", "client-certificate-data", "client-key-data", "token:", "sig="];

    [Fact]
    public async Task AttachApiAndStatus_FullRun_StatusUrlIsOursAndNothingSecretInResponsesOrLogs()
    {
        await using var world = await ReliabilityWorld.StartAsync();

        var accepted = await world.PostAttachAsync($"{{\"clusterId\":\"{AksResearch}\"}}");
        using var doc = JsonDocument.Parse(accepted.Body);
        var instanceId = doc.RootElement.GetProperty("instanceId").GetString()!;
        var statusUrl = doc.RootElement.GetProperty("statusUrl").GetString()!;
        await world.WaitAsync(instanceId);
        var status = world.Read(await world.Api.StatusAsync(ReliabilityWorld.Request("GET"), world.Client, instanceId, CancellationToken.None));
        var plan = await world.GetPlanAsync("?clusterId=" + Uri.EscapeDataString(AksResearch));

        Assert.Equal(202, accepted.Status);
        Assert.Equal(InstanceIds.ForReconcile(ClusterId.Parse(AksResearch)), instanceId);
        Assert.StartsWith("https://attach.example.net/api/clusters/attach/", statusUrl, StringComparison.Ordinal);
        Assert.Equal(200, status.Status);
        Assert.Equal(200, plan.Status);
        IdempotencyTests.AssertExactlyOneOfEach(world);
        AssertNothingSecret(world);
    }

    [Fact]
    public async Task Webhook_RunWithFaultsAndFailures_NoSecretInLogsOrAnswers()
    {
        await using var world = await ReliabilityWorld.StartAsync(knobs: k =>
            k.AddFault(new Emulator.FaultRule { Route = "^PUT .*/roleAssignments/", Kind = Emulator.FaultKind.ServerError, Rate = 1 }));

        var report = await world.ReconcileViaEventAsync(AksResearch);
        await world.PostEventsAsync("{ not json");

        Assert.Equal(Workflows.Model.RunResults.Failed, report.Result);
        AssertNothingSecret(world);
    }

    private static void AssertNothingSecret(ReliabilityWorld world)
    {
        var everything = world.Logs.Lines.Concat(world.Responses).ToArray();
        Assert.NotEmpty(everything);
        foreach (var fragment in Forbidden)
        {
            var leak = everything.FirstOrDefault(l => l.Contains(fragment, StringComparison.Ordinal));
            Assert.True(leak is null, $"'{fragment}' leaked: {leak}");
        }
    }
}
