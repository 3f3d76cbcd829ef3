using AttachFunctions.Core.Planning;
using AttachFunctions.Emulator;
using static AttachFunctions.Reconciler.Tests.SampleWorld;

namespace AttachFunctions.Reconciler.Tests;

public sealed class FaultToleranceTests
{
    [Fact]
    public async Task Reconcile_NewPrincipalNotReplicatedYet_RetriesUntilItIsThenGrants()
    {
        await using var world = await StartAsync();
        world.Emulator.Knobs.PrincipalReplicationDelay = TimeSpan.FromMilliseconds(400);

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, string.Join("\n", report.Diagnoses));
        var notFound = world.Journal.Count(e => e.Status == 400 && e.ErrorCode == "PrincipalNotFound");
        Assert.True(notFound > 0, "the compute's new principal should have been unknown to RBAC at first");
        var principal = world.State.Compute(Research, "aks-research-r")!.PrincipalId!;
        Assert.Equal(2, world.State.RoleAssignments(principal).Count);

        // Budget: each grant is retried within the replication pipeline only (10 ms doubling to 50 ms over ~400 ms).
        var puts = world.Journal.Count(e => e.Method == "PUT" && e.Path.Contains("/roleAssignments/", StringComparison.OrdinalIgnoreCase) && e.Body != null && e.Body.Contains(principal, StringComparison.OrdinalIgnoreCase));
        Assert.InRange(puts, 3, 2 * 40);
    }

    [Fact]
    public async Task Reconcile_ThrottledWritesWithRetryAfter_AreRetriedAndConverge()
    {
        await using var world = await StartAsync();
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^PUT .*/computes/", Kind = FaultKind.Throttle, RetryAfterSeconds = 0, MaxCount = 2 });
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^PUT .*/roleAssignments/", Kind = FaultKind.Throttle, RetryAfterSeconds = 0, MaxCount = 3 });

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, string.Join("\n", report.Diagnoses));
        Assert.Equal(5, world.Journal.TooManyRequests);
        Assert.Equal("Succeeded", world.State.Compute(Research, "aks-research-r")!.ProvisioningState);
        Assert.Equal("Succeeded", world.State.Compute(Prod, "aks-research-p")!.ProvisioningState);
        // Azure.Core honoured Retry-After and retried; the product stacked no retry of its own on top.
        Assert.InRange(world.Journal.Count(e => e.Method == "PUT" && e.Path.EndsWith("/computes/aks-research-r", StringComparison.OrdinalIgnoreCase)), 1, 4);
    }

    [Fact]
    public async Task Reconcile_ServiceUnavailableOnReads_IsSurvived()
    {
        await using var world = await StartAsync();
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^GET .*/extensions$", Kind = FaultKind.Unavailable, RetryAfterSeconds = 0, MaxCount = 2 });
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^GET .*/computes$", Kind = FaultKind.ServerError, MaxCount = 1 });

        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged, string.Join("\n", report.Diagnoses));
        Assert.Equal(2, world.Journal.Count(e => e.Status == 503));
        Assert.NotNull(world.State.Compute(Research, "arc-edge-01-r"));
    }

    [Fact]
    public async Task Reconcile_WriteThatAlwaysFails_StopsWithinTheRetryBudget()
    {
        await using var world = await StartAsync();
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^PUT .*/computes/aks-research-r$", Kind = FaultKind.ServerError });

        var report = await world.ReconcileAsync(AksResearch);

        Assert.False(report.Converged);
        var failed = report.Attachments.SelectMany(a => a.Steps).Single(s => s.Target == "compute ws-research/aks-research-r");
        Assert.Equal(StepOutcomeKind.Failed, failed.Outcome);
        // One logical PUT: the first attempt plus Azure.Core's 3 retries, and nothing stacked on top.
        Assert.Equal(4, world.Journal.Count(e => e.Method == "PUT" && e.Path.EndsWith("/computes/aks-research-r", StringComparison.OrdinalIgnoreCase)));
        // The other attachment is independent and still converged.
        Assert.Equal("Succeeded", world.State.Compute(Prod, "aks-research-p")!.ProvisioningState);
    }

    [Fact]
    public async Task Reconcile_KubernetesApiUnavailable_RetriesWithinThePipeline()
    {
        await using var world = await StartAsync();
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^POST .*/api/v1/namespaces$", Kind = FaultKind.Unavailable, RetryAfterSeconds = 0, MaxCount = 2 });

        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged, string.Join("\n", report.Diagnoses));
        Assert.Single(world.State.Namespaces(ArcEdge1), n => n.Name == "ml-edge");
        // Two 503s then the create: the shared namespace is created once for both attachments.
        Assert.Equal(3, world.Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method == "POST"));
    }
}
