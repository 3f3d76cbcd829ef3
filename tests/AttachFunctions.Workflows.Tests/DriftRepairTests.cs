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
    }
}
