using System.Text.Json;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

/// <summary>
/// Cheap amplification: what one event or request may cost. A write event for a cluster that does not exist costs one
/// ARM read and one durable instance; a cluster id with a Unicode look-alike letter is refused before anything is
/// scheduled; ids that differ only in ASCII case share one run.
/// </summary>
public sealed class AmplificationTests
{
    /// <summary>In scope (subscription 1, the sample's research resource group) but not in the emulator.</summary>
    private const string Ghost = $"/subscriptions/{Sub1}/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-ghost-01";

    [Fact]
    public async Task WriteEvent_ForInScopeClusterThatDoesNotExist_CostsOneArmReadAndOneInstance()
    {
        await using var world = await TestWorld.StartAsync();
        world.Emulator.Journal.Clear();

        var (status, _) = await world.PostEventsAsync(Events.ClusterWrite(Ghost, id: "evt-ghost"));

        Assert.Equal(200, status);
        var run = await world.WaitAsync(InstanceIds.ForReconcile(ClusterId.Parse(Ghost)));
        var report = run.ReadOutputAs<ReconcileRunReport>()!;
        Assert.Equal(RunResults.NotFound, report.Result);
        Assert.Contains(report.Blockers, b => b.Code == Core.Diagnostics.DiagnosisCodes.ClusterNotFound);
        // The whole delivery, trigger and run together: one durable instance (no cleanup or attach sub-run)...
        Assert.Single(await world.InstancesAsync(""));
        // ...and one request to the stand-in: the run's cluster GET (no extension, workspace, compute or role reads).
        var request = Assert.Single(world.Emulator.Journal.Entries);
        Assert.Equal("GET", request.Method);
        Assert.EndsWith("/managedClusters/aks-ghost-01", request.Path, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(404, request.Status);
        Assert.Equal(0, world.WritesInJournal());
    }

    [Fact]
    public async Task DeleteEvent_ForClusterThatDoesNotExist_StillPlansItsCleanup()
    {
        await using var world = await TestWorld.StartAsync();

        await world.PostEventsAsync(Events.ClusterDelete(Ghost, id: "evt-ghost-delete"));

        var report = (await world.WaitAsync(InstanceIds.ForReconcile(ClusterId.Parse(Ghost)))).ReadOutputAs<ReconcileRunReport>()!;
        Assert.Equal(RunResults.CleanedUp, report.Result);
        Assert.Equal(0, world.WritesInJournal());
    }

    public static TheoryData<string, string> LookAlikes => new()
    {
        // Kelvin sign K (U+212A): lowercases to 'k' but is not equal to 'k' ignoring case.
        { $"/subscriptions/{Sub1}/resourceGroups/rg-a\u212As-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01", "U+212A" },
        // Dotless i (U+0131): equal to 'i' ignoring case, yet lowercases to itself.
        { $"/subscriptions/{Sub1}/resourceGroups/rg-\u0131nfra/providers/Microsoft.ContainerService/managedClusters/aks-research-01", "U+0131" },
        // Turkish capital I with dot (U+0130).
        { $"/subscriptions/{Sub1}/resourceGroups/rg-\u0130nfra/providers/Microsoft.ContainerService/managedClusters/aks-research-01", "U+0130" },
    };

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public async Task UnicodeLookAlikeClusterId_IsRefusedAtTheTriggers_AndNothingIsScheduled(string clusterId, string codePoint)
    {
        await using var world = await TestWorld.StartAsync();
        world.Emulator.Journal.Clear();

        var (status, body) = world.Read(await world.Api.AttachAsync(
            TestWorld.Request("POST", JsonSerializer.Serialize(new { clusterId, dryRun = false })), world.Client, CancellationToken.None));
        var (eventStatus, _) = await world.PostEventsAsync(Events.ClusterWrite(clusterId, id: "evt-look-alike"));

        Assert.Equal(400, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        Assert.Contains("non-ASCII", error, StringComparison.Ordinal);
        Assert.Contains(codePoint, error, StringComparison.Ordinal);
        // Event Grid gets 200 (a 4xx would drop the whole batch); the event is ignored with the reason in the log.
        Assert.Equal(200, eventStatus);
        Assert.Equal(1, world.Logs.Count("evt-look-alike", "non-ASCII", codePoint));
        Assert.Empty(await world.InstancesAsync(""));
        Assert.Empty(world.Emulator.Journal.Entries);
    }

    [Fact]
    public async Task ClusterIds_DifferingOnlyInAsciiCase_ShareOneRun()
    {
        await using var world = await TestWorld.StartAsync();
        var shouting = AksResearch.ToUpperInvariant().Replace("/SUBSCRIPTIONS/", "/subscriptions/", StringComparison.Ordinal);

        await world.PostEventsAsync(Events.Batch(
            Events.EventGrid("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.ContainerService/managedClusters/write", shouting, "evt-upper"),
            Events.EventGrid("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.ContainerService/managedClusters/write", AksResearch.ToLowerInvariant(), "evt-lower")));
        await world.PostEventsAsync(Events.ClusterWrite(AksResearch, id: "evt-canonical"));

        var runId = InstanceIds.ForReconcile(ClusterId.Parse(AksResearch));
        Assert.Equal(runId, InstanceIds.ForReconcile(ClusterId.Parse(shouting)));
        var run = await world.WaitAsync(runId);
        Assert.Equal(RunResults.Converged, run.ReadOutputAs<ReconcileRunReport>()!.Result);
        var reconcileRuns = (await world.InstancesAsync("")).Where(i => i.Name == WorkflowNames.ReconcileCluster).ToArray();
        Assert.Equal(runId, Assert.Single(reconcileRuns).InstanceId);
        await WorldAssert.AttachedAsync(world, AksResearch);
    }
}
