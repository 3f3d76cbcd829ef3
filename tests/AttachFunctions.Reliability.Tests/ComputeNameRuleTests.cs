using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests;

/// <summary>
/// A compute name template renders, for one cluster, a name Azure refuses (here: ending with a hyphen, from a cluster
/// tag). The product must check the rendered name against Azure's rule before it writes anything: a clear diagnosis
/// naming the template, the name and the rule, and no compute write that Azure would refuse.
/// </summary>
public sealed class ComputeNameRuleTests
{
    private const string RenderedName = "ml-gpu-";

    [Fact]
    public async Task Attach_RenderedComputeNameAzureRefuses_NoComputeWriteIsRefusedByAzure()
    {
        await using var world = await StartAsync();

        await world.ReconcileViaEventAsync(AksResearch);

        var refused = world.Journal.Count(e => e.Method == "PUT" && e.Path.Contains("/computes/", StringComparison.OrdinalIgnoreCase) && e.Status >= 400);
        Assert.True(refused == 0, $"{refused} compute PUT(s) refused by Azure: the product sent a name Azure does not accept");
    }

    [Fact]
    public async Task Attach_RenderedComputeNameEndsWithHyphen_IsRefusedWithADiagnosisNamingTheRule_AndNoComputeIsWritten()
    {
        await using var world = await StartAsync();
        var computesBefore = world.State.Computes(Research).Count;

        var report = await world.ReconcileViaEventAsync(AksResearch);

        Assert.False(report.Converged);
        var diagnosis = Assert.Single(AllDiagnoses(report), d => d.Code == DiagnosisCodes.NameTemplateInvalid);
        Assert.Contains(RenderedName, diagnosis.Message, StringComparison.Ordinal);
        Assert.Contains("ends with a letter or digit", diagnosis.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.Journal.Count(e => e.Method is "PUT" or "DELETE" && e.Path.Contains("/computes/", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(computesBefore, world.State.Computes(Research).Count);
        Assert.Null(world.State.Compute(Research, RenderedName));
    }

    /// <summary>The reliability world with aks-research-01 tagged pool=gpu- and a compute name template "ml-{tag:pool}".</summary>
    private static Task<ReliabilityWorld> StartAsync()
    {
        var scenario = File.ReadAllText(TestSupport.RepoPaths.Combine("samples", "scenario.json"));
        const string tags = "\"tags\": { \"ml\": \"enabled\", \"team\": \"research\" }";
        var at = scenario.IndexOf(tags, StringComparison.Ordinal);
        Assert.True(at >= 0, "the sample scenario's aks-research-01 tags changed");
        scenario = string.Concat(scenario.AsSpan(0, at), "\"tags\": { \"ml\": \"enabled\", \"team\": \"research\", \"pool\": \"gpu-\" }", scenario.AsSpan(at + tags.Length));
        var policy = ReliabilityWorld.Policy.Replace("\"computeName\": \"{cluster:9}-a\"", "\"computeName\": \"ml-{tag:pool}\"", StringComparison.Ordinal);
        Assert.NotEqual(ReliabilityWorld.Policy, policy);
        return ReliabilityWorld.StartAsync(policy, scenarioJson: scenario);
    }

    private static IEnumerable<Diagnosis> AllDiagnoses(ReconcileRunReport report) =>
        report.Diagnoses()
            .Concat(report.Plan?.Blockers ?? [])
            .Concat(report.Plan?.Attachments.SelectMany(a => a.Steps).Select(s => s.Diagnosis).OfType<Diagnosis>() ?? [])
            .DistinctBy(d => (d.Code, d.Message));
}
