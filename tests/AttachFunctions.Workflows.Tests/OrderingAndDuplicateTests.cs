using AttachFunctions.Core.Clusters;
using AttachFunctions.Emulator;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

public sealed class OrderingAndDuplicateTests
{
    private const string WorkspaceIdentity = "33333333-0000-0000-0000-000000000001";
    private const string ReaderRole = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

    private static readonly string ResearchRun = InstanceIds.ForReconcile(ClusterId.Parse(AksResearch));

    [Fact]
    public async Task DuplicateDeliveries_500Concurrent_ExactlyOneRun()
    {
        await using var world = await TestWorld.StartAsync();
        var body = Events.ExtensionWrite(AksResearch, id: "evt-duplicate");

        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => world.PostEventsAsync(body))));

        Assert.All(results, r => Assert.Equal(200, r.Status));
        var run = await world.WaitAsync(ResearchRun);
        Assert.Equal(RunResults.Converged, run.ReadOutputAs<ReconcileRunReport>()!.Result);
        Assert.Single(await world.InstancesAsync(InstanceIds.ReconcilePrefix));
        Assert.Equal(1, world.Logs.Count("ReconcileCluster run " + ResearchRun, "started (generation"));
        Assert.Equal(1, world.Logs.Count("Started " + ResearchRun));
        Assert.Equal(1, run.ReadOutputAs<ReconcileRunReport>()!.Generation);
        await WorldAssert.AttachedAsync(world, AksResearch);
        world.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task EventDuringRun_PrerequisiteRemovedMidRun_FinalStateConvergesToLatestTruth()
    {
        // Slow attaches so the second event surely arrives while the first run is on its compute step.
        await using var world = await TestWorld.StartAsync(lroDuration: TimeSpan.FromSeconds(2));
        await world.PostEventsAsync(Events.ExtensionWrite(AksResearch, id: "evt-1"));
        await WaitForStepAsync(world, "Compute");

        // The status endpoint shows live progress: which attachment is on which step.
        var (_, live) = world.Read(await world.Api.StatusAsync(TestWorld.Request("GET"), world.Client, ResearchRun, CancellationToken.None));
        var progress = System.Text.Json.JsonDocument.Parse(live).RootElement.GetProperty("progress");
        Assert.Equal("applying", progress.GetProperty("phase").GetString());
        Assert.Contains(progress.GetProperty("attachments").EnumerateArray(), a => a.TryGetProperty("step", out var step) && step.GetString() == "Compute");

        // A prerequisite role granted a moment ago is removed (drift), and ARM reports a new write for the cluster.
        var reader = world.Emulator.State.RoleAssignments(WorkspaceIdentity)
            .Single(r => r.RoleDefinitionGuid == ReaderRole && string.Equals(r.Scope, AksResearch, StringComparison.OrdinalIgnoreCase));
        Assert.True(world.Emulator.State.DeleteRoleAssignment(reader.Id));
        var (status, _) = await world.PostEventsAsync(Events.ClusterWrite(AksResearch, id: "evt-2"));

        Assert.Equal(200, status);
        var run = await world.WaitAsync(ResearchRun);
        var report = run.ReadOutputAs<ReconcileRunReport>()!;
        Assert.Equal(2, report.Generation);
        Assert.Equal(RunResults.Converged, report.Result);
        Assert.Equal(1, world.Logs.Count("continuing as generation 2"));
        // The second generation granted again what was removed during the first one.
        Assert.Contains(report.Attachments.SelectMany(a => a.Steps), s =>
            s.Kind == Core.Planning.StepKind.PrerequisiteGrant && s.Outcome == Core.Planning.StepOutcomeKind.Created);
        Assert.True(WorldAssert.HasAssignment(world, WorkspaceIdentity, Guid.Parse(ReaderRole), AksResearch));
        await WorldAssert.AttachedAsync(world, AksResearch);
    }

    [Fact]
    public async Task DeleteBeforeWrite_ClusterExists_FinalStateFromTruthAtRunTime()
    {
        await using var world = await TestWorld.StartAsync();

        // Out of order: a stale delete event for a cluster that exists, then its write event.
        await world.PostEventsAsync(Events.ClusterDelete(AksResearch, id: "evt-delete"));
        await world.PostEventsAsync(Events.ClusterWrite(AksResearch, id: "evt-write"));

        var run = await world.WaitAsync(ResearchRun);
        Assert.Equal(RunResults.Converged, run.ReadOutputAs<ReconcileRunReport>()!.Result);
        await WorldAssert.AttachedAsync(world, AksResearch);
        Assert.Equal(0, world.Emulator.Journal.Deletes);
    }

    [Fact]
    public async Task ClusterDelete_AfterAttach_DetachesWhatThePolicySaysAndKeepsTheRest()
    {
        await using var world = await TestWorld.StartAsync();
        await world.PostEventsAsync(Events.ClusterWrite(AksResearch, id: "evt-create"));
        await world.WaitAsync(ResearchRun);
        await WorldAssert.AttachedAsync(world, AksResearch);
        var desired = await WorldAssert.DesiredAsync(world, AksResearch);

        Assert.True(world.Emulator.State.DeleteCluster(AksResearch));
        await world.PostEventsAsync(Events.ClusterDelete(AksResearch, id: "evt-gone"));
        var run = await world.WaitAsync(ResearchRun);
        Assert.Equal(RunResults.CleanedUp, run.ReadOutputAs<ReconcileRunReport>()!.Result);

        // The write event arrives after the delete event (out of order): the truth (gone) decides. A write event does not
        // clean up (the delete did): its run ends at the cluster's 404 and writes nothing.
        world.Emulator.Journal.Clear();
        await world.PostEventsAsync(Events.ClusterWrite(AksResearch, id: "evt-late-write"));
        run = await world.WaitAsync(ResearchRun);

        var report = run.ReadOutputAs<ReconcileRunReport>()!;
        Assert.Equal(RunResults.NotFound, report.Result);
        Assert.Equal(0, world.WritesInJournal());
        var detach = desired.Attachments.Single(a => a.Workspace.Id == Research);
        var keep = desired.Attachments.Single(a => a.Workspace.Id == Prod);
        Assert.Null(world.Emulator.State.Compute(detach.Workspace.Id, detach.ComputeName));
        Assert.NotNull(world.Emulator.State.Compute(keep.Workspace.Id, keep.ComputeName));
        world.AssertNoSecretsLeaked();
    }

    private static async Task WaitForStepAsync(TestWorld world, string step)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var children = await world.InstancesAsync(InstanceIds.ForAttachment(ResearchRun, 1, 0)[..^1]);
            if (children.Any(c => c.ReadCustomStatusAs<StepProgress>()?.Step == step))
            {
                return;
            }

            // Polls the engine's status (no fixed sleep): the durable engine advances on its own threads.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cts.Token);
        }
    }
}
