using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Emulator;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

public sealed class StepRetryTests
{
    private static readonly string ResearchRun = InstanceIds.ForReconcile(ClusterId.Parse(AksResearch));

    [Fact]
    public async Task ComputePut_TransientServerErrors_RetriedDurablyUntilAttached()
    {
        await using var world = await TestWorld.StartAsync();
        // More 500s than Azure.Core's own retries absorb in one activity attempt: the durable retry policy runs it again.
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^PUT .*/workspaces/ws-research/computes/", Kind = FaultKind.ServerError, MaxCount = 6 });

        await world.PostEventsAsync(Events.ClusterWrite(AksResearch));
        var report = (await world.WaitAsync(ResearchRun)).ReadOutputAs<ReconcileRunReport>()!;

        Assert.Equal(RunResults.Converged, report.Result);
        Assert.Equal(6, world.Emulator.Journal.Count(e => e.Status == 500));
        await WorldAssert.AttachedAsync(world, AksResearch);
    }

    [Fact]
    public async Task ComputePut_AlwaysFailing_BoundedRetriesThenFailedWithDiagnosis()
    {
        await using var world = await TestWorld.StartAsync();
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^PUT .*/workspaces/ws-prod/computes/", Kind = FaultKind.ServerError });

        await world.PostEventsAsync(Events.ClusterWrite(AksResearch));
        var report = (await world.WaitAsync(ResearchRun)).ReadOutputAs<ReconcileRunReport>()!;

        Assert.Equal(RunResults.Failed, report.Result);
        var failed = report.Attachments.SelectMany(a => a.Steps).Single(s => s.Outcome == StepOutcomeKind.Failed);
        Assert.Equal(StepKind.Compute, failed.Kind);
        Assert.Equal(DiagnosisCodes.TransientFailuresExhausted, failed.Diagnosis!.Code);
        // Budget: 4 durable attempts x (1 + 3 Azure.Core retries) PUTs, never more.
        Assert.Equal(16, world.Emulator.Journal.Count(e => e.Status == 500));
        // The other attachment is unaffected.
        var desired = await WorldAssert.DesiredAsync(world, AksResearch);
        var research = desired.Attachments.Single(a => a.Workspace.Id == Research);
        Assert.NotNull(world.Emulator.State.Compute(research.Workspace.Id, research.ComputeName));
    }

    [Fact]
    public async Task ForeignNamespace_Fatal_NotRetriedAndReportedWithDiagnosis()
    {
        await using var world = await TestWorld.StartAsync();
        world.Emulator.State.CreateNamespace(AksResearch, "team-a", new Dictionary<string, string> { ["owner"] = "someone-else" });

        await world.PostEventsAsync(Events.ClusterWrite(AksResearch));
        var report = (await world.WaitAsync(ResearchRun)).ReadOutputAs<ReconcileRunReport>()!;

        Assert.Equal(RunResults.Failed, report.Result);
        Assert.Contains(report.Attachments.SelectMany(a => a.Steps), s => s.Diagnosis?.Code == DiagnosisCodes.NamespaceNotOwned);
        Assert.Equal(1, world.Logs.Count("Step Namespace namespace team-a failed"));
        var desired = await WorldAssert.DesiredAsync(world, AksResearch);
        var research = desired.Attachments.Single(a => a.Workspace.Id == Research);
        Assert.Null(world.Emulator.State.Compute(research.Workspace.Id, research.ComputeName));
        Assert.Equal("someone-else", world.Emulator.State.Namespaces(AksResearch).Single(n => n.Name == "team-a").Labels["owner"]);
    }
}
