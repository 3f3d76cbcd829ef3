using AttachFunctions.Api.Options;
using AttachFunctions.Api.Runs;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

/// <summary>
/// Unbounded state: ended runs older than the retention are purged (plans, sub-runs, runs of clusters that left scope);
/// the latest run of every cluster in scope and every running instance stay.
/// </summary>
public sealed class RunPurgeTests
{
    [Fact]
    public async Task Purge_RunsOlderThanRetention_RemovesPlansSubRunsAndOutOfScopeRuns_KeepsLatestPerClusterInScopeAndRunning()
    {
        await using var world = await TestWorld.StartAsync();
        var research = InstanceIds.ForReconcile(ClusterId.Parse(AksResearch));
        var partner = InstanceIds.ForReconcile(ClusterId.Parse(AksPartner));

        // History: a real run with its attach sub-runs, a dry run, and a run of a cluster the policy no longer covers
        // (aks-partner-01 is in subscription 2, outside the test policy's scope).
        Assert.True((await world.ReconcileAsync(AksResearch)).Converged);
        Assert.Equal(RunResults.Planned, (await world.ReconcileAsync(AksResearch, dryRun: true)).Result);
        await world.Client.ScheduleNewOrchestrationInstanceAsync(
            WorkflowNames.ReconcileCluster, new ReconcileInput(AksPartner, false, TestWorld.FastReconcile.ToSettings(), "test", CleanupIfGone: false),
            new StartOrchestrationOptions(partner), TestContext.Current.CancellationToken);
        await world.WaitAsync(partner);

        // A run still going (waiting a minute on a durable timer for aks-prod-01's installing extension), under an id
        // the purge would take if it had ended.
        const string running = "attach-still-running-probe";
        var slow = TestWorld.FastReconcile.ToSettings() with { ExtensionDeadline = TimeSpan.FromMinutes(10), ExtensionFirstPoll = TimeSpan.FromMinutes(1), ExtensionMaxPoll = TimeSpan.FromMinutes(1) };
        await world.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.ReconcileCluster, new ReconcileInput(AksProd, false, slow, "test"), new StartOrchestrationOptions(running), TestContext.Current.CancellationToken);
        await WaitForStatusAsync(world, running, OrchestrationRuntimeStatus.Running);

        var before = await world.InstancesAsync("");
        Assert.Contains(before, i => i.InstanceId.StartsWith("attach-", StringComparison.Ordinal) && i.InstanceId != running);
        Assert.Contains(before, i => i.InstanceId.StartsWith(InstanceIds.PlanPrefix, StringComparison.Ordinal));

        // Four days later, with the default retention of three days, every instance above is old.
        var purger = new RunPurger(
            world.Policy, Microsoft.Extensions.Options.Options.Create(new RunsOptions()), NullLogger<RunPurger>.Instance, new ShiftedClock(TimeSpan.FromDays(4)));
        var result = await purger.PurgeAsync(world.Client, CancellationToken.None);

        var after = (await world.InstancesAsync("")).Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(research, after);
        Assert.Contains(running, after);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await world.Client.GetInstanceAsync(running, TestContext.Current.CancellationToken))!.RuntimeStatus);
        Assert.DoesNotContain(partner, after);
        Assert.DoesNotContain(after, id => id.StartsWith(InstanceIds.PlanPrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(after, id => id.StartsWith("attach-", StringComparison.Ordinal) && id != running);
        Assert.Equal(2, after.Count);
        Assert.Equal(before.Count - 2, result.Purged);
        Assert.Equal(1, result.Kept);
        Assert.False(result.MoreLeft);

        // The fleet view still shows the kept cluster's latest run.
        var (status, body) = world.Read(await world.Api.ClustersAsync(TestWorld.Request("GET"), world.Client, CancellationToken.None));
        Assert.Equal(200, status);
        Assert.Contains(research, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_RunsYoungerThanRetention_PurgesNothing()
    {
        await using var world = await TestWorld.StartAsync();
        Assert.Equal(RunResults.Planned, (await world.ReconcileAsync(AksResearch, dryRun: true)).Result);
        var before = await world.InstancesAsync("");

        var purger = new RunPurger(
            world.Policy, Microsoft.Extensions.Options.Options.Create(new RunsOptions()), NullLogger<RunPurger>.Instance, new ShiftedClock(TimeSpan.FromDays(2)));
        var result = await purger.PurgeAsync(world.Client, CancellationToken.None);

        Assert.Equal(0, result.Purged);
        Assert.Equal(before.Count, (await world.InstancesAsync("")).Count);
    }

    private static async Task WaitForStatusAsync(TestWorld world, string instanceId, OrchestrationRuntimeStatus status)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await world.Client.GetInstanceAsync(instanceId, cts.Token))?.RuntimeStatus != status)
        {
            // Polls the engine (no fixed sleep): the durable engine advances on its own threads.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cts.Token);
        }
    }

    /// <summary>The system clock moved forward: runs made now look old.</summary>
    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
