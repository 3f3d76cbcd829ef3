using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Tests;

public sealed class DriftRepairTests
{
    private const int Fleet = 20;

    [Fact]
    public async Task Timer_DriftIn3Of20Clusters_RepairsExactlyThose()
    {
        await using var world = await TestWorld.StartAsync(TestPolicies.FleetScenario(Fleet), TestPolicies.FleetPolicy, batchSize: 20);
        // The fleet starts attached (one reconcile run per cluster, started through the attach API).
        for (var i = 1; i <= Fleet; i++)
        {
            Assert.True((await world.ReconcileAsync(TestPolicies.FleetCluster(i))).Converged);
        }

        for (var i = 1; i <= Fleet; i++)
        {
            await WorldAssert.AttachedAsync(world, TestPolicies.FleetCluster(i));
        }

        // Drift: a compute detached by hand, a compute Failed, a role assignment removed.
        var desired3 = (await WorldAssert.DesiredAsync(world, TestPolicies.FleetCluster(3))).Attachments.Single();
        Assert.True(world.Emulator.State.DeleteCompute(TestPolicies.WsFleet, desired3.ComputeName));
        var desired7 = (await WorldAssert.DesiredAsync(world, TestPolicies.FleetCluster(7))).Attachments.Single();
        world.Emulator.State.SetComputeFailed(TestPolicies.WsFleet, desired7.ComputeName);
        var desired12 = (await WorldAssert.DesiredAsync(world, TestPolicies.FleetCluster(12))).Attachments.Single();
        var principal12 = world.Emulator.State.Compute(TestPolicies.WsFleet, desired12.ComputeName)!.PrincipalId!;
        var grant12 = world.Emulator.State.RoleAssignments(principal12).Single();
        Assert.True(world.Emulator.State.DeleteRoleAssignment(grant12.Id));
        world.Emulator.Journal.Clear();

        Assert.True(await world.Timer.HandleAsync(world.Client, CancellationToken.None));
        var second = (await world.WaitAsync(InstanceIds.DriftRepair, 120)).ReadOutputAs<DriftRepairReport>()!;

        Assert.Equal(Fleet, second.Checked);
        Assert.Equal(3, second.Drifted);
        Assert.Equal(3, second.Repaired);
        Assert.Equal(0, second.Failed);
        Assert.Equal(
            new[] { TestPolicies.FleetCluster(3), TestPolicies.FleetCluster(7), TestPolicies.FleetCluster(12) }.Order(StringComparer.Ordinal),
            second.RepairedClusters.Order(StringComparer.Ordinal));
        for (var i = 1; i <= Fleet; i++)
        {
            await WorldAssert.AttachedAsync(world, TestPolicies.FleetCluster(i));
        }

        // Only the three drifted clusters were written to.
        Assert.True(world.Emulator.Journal.Writes <= 6, $"{world.Emulator.Journal.Writes} writes");
        world.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task Timer_SecondFiringWhileRunning_IsSkipped()
    {
        await using var world = await TestWorld.StartAsync(TestPolicies.FleetScenario(4), TestPolicies.FleetPolicy, batchSize: 2);

        var first = await world.Timer.HandleAsync(world.Client, CancellationToken.None);
        var second = await world.Timer.HandleAsync(world.Client, CancellationToken.None);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => world.Timer.HandleAsync(world.Client, CancellationToken.None)));

        Assert.True(first);
        Assert.False(second);
        Assert.All(concurrent, Assert.False);
        var report = (await world.WaitAsync(InstanceIds.DriftRepair, 120)).ReadOutputAs<DriftRepairReport>()!;
        Assert.Equal(4, report.Checked);
        Assert.Equal(1, world.Logs.Count("Drift repair checked"));
        Assert.Equal(11, world.Logs.Count("is still running; this firing is skipped"));
        // Every firing, skipped or not, also purged old runs (none are old yet).
        Assert.Equal(12, world.Logs.Count("Purged 0 ended runs created before"));
    }

    [Fact]
    public async Task Drift_ReachesClusterWhileItsEventRunIsInProgress_NeverRunsItTwiceAtOnce_AndStillCountsIt()
    {
        // Slow attaches, so the drift run surely reaches fleet-01 while its event run is on the compute step.
        await using var world = await TestWorld.StartAsync(TestPolicies.FleetScenario(3), TestPolicies.FleetPolicy, batchSize: 3, lroDuration: TimeSpan.FromSeconds(2));
        var target = TestPolicies.FleetCluster(1);
        var targetRun = InstanceIds.ForReconcile(Core.Clusters.ClusterId.Parse(target));
        await world.PostEventsAsync(Events.ClusterWrite(target, id: "evt-fleet-01"));
        await WaitForStepAsync(world, targetRun, "Compute");

        var report = await world.DriftRepairAsync();

        // The drift run reached fleet-01 through the event run's own instance: it asked that run to re-check, and there
        // never was a second instance reconciling fleet-01.
        var runs = (await world.InstancesAsync("")).Where(i => i.Name == WorkflowNames.ReconcileCluster).ToArray();
        var targetRuns = runs.Where(r => string.Equals(r.ReadInputAs<ReconcileInput>()!.ClusterId, target, StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.Equal(targetRun, Assert.Single(targetRuns).InstanceId);
        Assert.Equal(1, world.Logs.Count("continuing as generation 2"));
        var final = (await world.WaitAsync(targetRun)).ReadOutputAs<ReconcileRunReport>()!;
        Assert.Equal(2, final.Generation);
        Assert.True(final.Converged);
        // One instance per cluster, and the drift report counts all three, fleet-01 included.
        Assert.Equal(3, runs.Length);
        Assert.Equal(3, report.Checked);
        Assert.Equal(0, report.Failed);
        Assert.DoesNotContain(target, report.FailedClusters);
        // One attach of fleet-01's compute: no concurrent run attached it again.
        var desired = (await WorldAssert.DesiredAsync(world, target)).Attachments.Single();
        Assert.Equal(1, world.Emulator.Journal.Count(e => e.Method == "PUT" && e.Path.EndsWith("/computes/" + desired.ComputeName, StringComparison.OrdinalIgnoreCase)));
        for (var i = 1; i <= 3; i++)
        {
            await WorldAssert.AttachedAsync(world, TestPolicies.FleetCluster(i));
        }
    }

    private static async Task WaitForStepAsync(TestWorld world, string reconcileRun, string step)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var children = await world.InstancesAsync(InstanceIds.ForAttachment(reconcileRun, 1, 0));
            if (children.Any(c => c.ReadCustomStatusAs<StepProgress>()?.Step == step))
            {
                return;
            }

            // Polls the engine's status (no fixed sleep): the durable engine advances on its own threads.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cts.Token);
        }
    }
}
