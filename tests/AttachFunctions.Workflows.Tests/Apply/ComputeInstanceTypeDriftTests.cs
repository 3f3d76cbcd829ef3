using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AttachFunctions.Core.Planning;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>
/// Instance types set on a compute drift like its namespace: someone re-attaches it by hand with other resources for a
/// type the policy defines. An attached Kubernetes compute cannot be updated in place (Microsoft Learn, "Azure Machine
/// Learning known issues", issue 1002), so the repair is detach + attach, and the drift must be seen in the types'
/// contents, not only in their names.
/// </summary>
public sealed class ComputeInstanceTypeDriftTests
{
    private const string Compute = "aks-research-r";

    [Fact]
    public async Task Reconcile_InstanceTypeResourcesChangedByHand_DetachesThenAttachesWithThePolicyTypes()
    {
        await using var world = await ConvergedAsync();
        await ReattachByHandAsync(world, cpuSmallLimit: "1");
        Assert.Equal("1", (await InstanceTypesAsync(world))["cpu-small"]!["resources"]!["limits"]!["cpu"]!.GetValue<string>());
        world.Emulator.Journal.Clear();

        var plan = await world.ReconcileAsync(AksResearch, dryRun: true);
        var planned = plan.Plan!.Attachments.SelectMany(a => a.Steps).Single(s => s.Target == $"compute ws-research/{Compute}");
        Assert.Equal(StepAction.Replace, planned.Action);
        Assert.Contains("cpu-small", planned.Reason, StringComparison.Ordinal);

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        var types = await InstanceTypesAsync(world);
        Assert.Equal("2", types["cpu-small"]!["resources"]!["limits"]!["cpu"]!.GetValue<string>());
        Assert.Equal("nvidia-a100", types["gpu-a100"]!["nodeSelector"]!["accelerator"]!.GetValue<string>());
        Assert.True(world.Emulator.Journal.Count(e => e.Method == "DELETE" && e.Path.EndsWith("/computes/" + Compute, StringComparison.OrdinalIgnoreCase)) > 0, "no detach");
        Assert.True((await world.ReconcileAsync(AksResearch)).Plan!.IsConverged);
    }

    [Fact]
    public async Task Reconcile_InstanceTypesAsThePolicySaysWithQuantitiesSpelledAlike_LeavesTheComputeAlone()
    {
        await using var world = await ConvergedAsync();

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        Assert.Equal(0, world.WritesInJournal());
    }

    /// <summary>A person detaches the compute and attaches it again with another cpu limit for cpu-small.</summary>
    private static async Task ReattachByHandAsync(TestWorld world, string cpuSmallLimit)
    {
        var lro = world.Emulator.Knobs.LroDuration;
        var detach = world.Emulator.Knobs.DetachDuration;
        world.Emulator.Knobs.LroDuration = TimeSpan.Zero;
        world.Emulator.Knobs.DetachDuration = TimeSpan.Zero;
        try
        {
            using var client = Client(world);
            using (var detached = await client.DeleteAsync(ComputePath() + "&underlyingResourceAction=Detach", TestContext.Current.CancellationToken))
            {
                Assert.True(detached.IsSuccessStatusCode);
            }

            var body = new JsonObject
            {
                ["location"] = "westeurope",
                ["identity"] = new JsonObject { ["type"] = "SystemAssigned" },
                ["properties"] = new JsonObject
                {
                    ["computeType"] = "Kubernetes",
                    ["resourceId"] = AksResearch,
                    ["properties"] = new JsonObject
                    {
                        ["namespace"] = "research-research",
                        ["defaultInstanceType"] = "cpu-small",
                        ["instanceTypes"] = new JsonObject
                        {
                            ["cpu-small"] = new JsonObject
                            {
                                ["resources"] = new JsonObject
                                {
                                    ["requests"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "2Gi" },
                                    ["limits"] = new JsonObject { ["cpu"] = cpuSmallLimit, ["memory"] = "4Gi" },
                                },
                            },
                            ["gpu-a100"] = new JsonObject
                            {
                                ["nodeSelector"] = new JsonObject { ["accelerator"] = "nvidia-a100" },
                                ["resources"] = new JsonObject
                                {
                                    ["requests"] = new JsonObject { ["cpu"] = "4", ["memory"] = "32Gi", ["nvidia.com/gpu"] = "1" },
                                    ["limits"] = new JsonObject { ["cpu"] = "8", ["memory"] = "64Gi", ["nvidia.com/gpu"] = "1" },
                                },
                            },
                        },
                    },
                },
            };
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await client.PutAsync(ComputePath(), content, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            world.Emulator.Knobs.LroDuration = lro;
            world.Emulator.Knobs.DetachDuration = detach;
        }

        Assert.Equal("Succeeded", world.Emulator.State.Compute(Research, Compute)?.ProvisioningState);
    }

    private static async Task<JsonObject> InstanceTypesAsync(TestWorld world)
    {
        using var client = Client(world);
        var json = JsonNode.Parse(await client.GetStringAsync(ComputePath(), TestContext.Current.CancellationToken))!;
        return json["properties"]!["properties"]!["instanceTypes"]!.AsObject();
    }

    private static HttpClient Client(TestWorld world)
    {
        var client = new HttpClient(world.Emulator.CreateTrustingHandler()) { BaseAddress = world.Emulator.ArmEndpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "aud=https://management.azure.com/.default;oid=99999999-0000-0000-0000-000000000001");
        return client;
    }

    private static string ComputePath() => $"{Research.TrimStart('/')}/computes/{Compute}?api-version=2025-12-01";
}
