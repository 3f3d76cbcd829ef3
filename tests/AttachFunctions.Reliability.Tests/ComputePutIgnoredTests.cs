using System.Net.Http.Headers;
using System.Text;
using AttachFunctions.Core.Planning;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests;

/// <summary>
/// The attach PUT lands on a compute that exists after all (another writer attached the name between our GET and our
/// PUT). Azure answers such a PUT with success and changes nothing (Microsoft Learn, "Azure Machine Learning known
/// issues", issue 1002), so a product that trusts the success keeps someone else's namespace and identity while
/// reporting the compute attached. The product must check what the PUT left and repair it by detach + attach.
/// </summary>
public sealed class ComputePutIgnoredTests
{
    private const string OtherNamespace = "someone-else";

    [Fact]
    public async Task Attach_AnotherWriterAttachesTheNameBeforeOurPut_OurPutIsIgnored_ComputeEndsOnThePolicyNamespace()
    {
        await using var world = await ReliabilityWorld.StartAsync();
        var raced = 0;
        world.Faults.Match = r => r.Method == HttpMethod.Put &&
            r.RequestUri!.AbsolutePath.EndsWith("/computes/" + ReliabilityWorld.ComputeName, StringComparison.OrdinalIgnoreCase);
        world.Faults.Before = async _ =>
        {
            if (Interlocked.Exchange(ref raced, 1) == 0)
            {
                await AttachAsAnotherWriterAsync(world);
            }
        };

        var report = await world.ReconcileViaEventAsync(AksResearch);

        Assert.Equal(1, raced);
        Assert.True(report.Converged, $"{report.Result} {System.Text.Json.JsonSerializer.Serialize(report.Attachments)}");
        var compute = world.State.Compute(Research, ReliabilityWorld.ComputeName)!;
        Assert.Equal(ReliabilityWorld.Namespace, compute.Namespace);
        Assert.True(world.Journal.Count(e => e.Method == "DELETE" &&
            e.Path.EndsWith("/computes/" + ReliabilityWorld.ComputeName, StringComparison.OrdinalIgnoreCase)) > 0, "no detach");
        var step = Assert.Single(report.Attachments.SelectMany(a => a.Steps), s => s.Kind == StepKind.Compute);
        Assert.Equal(StepOutcomeKind.Replaced, step.Outcome);
        IdempotencyTests.AssertExactlyOneOfEach(world);
    }

    /// <summary>Another writer's attach of the same name on the same cluster, with its own namespace; done at once.</summary>
    private static async Task AttachAsAnotherWriterAsync(ReliabilityWorld world)
    {
        var lro = world.Emulator.Knobs.LroDuration;
        world.Emulator.Knobs.LroDuration = TimeSpan.Zero;
        try
        {
            using var client = new HttpClient(world.Emulator.CreateTrustingHandler()) { BaseAddress = world.Emulator.ArmEndpoint };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "aud=https://management.azure.com/.default;oid=99999999-0000-0000-0000-000000000002");
            var body = "{\"location\":\"westeurope\",\"identity\":{\"type\":\"SystemAssigned\"},\"properties\":{\"computeType\":\"Kubernetes\",\"resourceId\":\"" +
                AksResearch + "\",\"properties\":{\"namespace\":\"" + OtherNamespace + "\"}}}";
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PutAsync($"{Research.TrimStart('/')}/computes/{ReliabilityWorld.ComputeName}?api-version=2025-12-01", content);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            world.Emulator.Knobs.LroDuration = lro;
        }

        Assert.Equal(OtherNamespace, world.State.Compute(Research, ReliabilityWorld.ComputeName)!.Namespace);
    }
}
