using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Emulator;
using AttachFunctions.Infrastructure.Arm;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>
/// Transient faults through the engine: Azure.Core retries HTTP-level transients, Polly retries PrincipalNotFound and
/// the Kubernetes API, and the durable step retry policy runs a whole activity again only when those layers gave up.
/// </summary>
public sealed class FaultToleranceTests
{
    [Fact]
    public async Task Reconcile_NewPrincipalNotReplicatedYet_RetriesUntilItIsThenGrants()
    {
        await using var world = await StartAsync();
        // Long enough to outlast the engine's dispatch from the compute step to the grant step.
        world.Emulator.Knobs.PrincipalReplicationDelay = TimeSpan.FromMilliseconds(1500);

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        var journal = world.Emulator.Journal;
        var notFound = journal.Count(e => e.Status == 400 && e.ErrorCode == "PrincipalNotFound");
        Assert.True(notFound > 0, "the compute's new principal should have been unknown to RBAC at first");
        var principal = world.Emulator.State.Compute(Research, "aks-research-r")!.PrincipalId!;
        Assert.Equal(2, world.Emulator.State.RoleAssignments(principal).Count);
        Assert.All(report.Steps().Where(s => s.Kind == StepKind.ComputeGrant), s => Assert.NotEqual(StepOutcomeKind.Failed, s.Outcome));

        // Budget: each grant is retried inside the replication pipeline only (waits of 20 ms doubling to 100 ms, jittered,
        // for at most the 1.5 s the principal takes to replicate; the pipeline's 10 s deadline is far off, so the step
        // never fails and the durable layer never runs it again): 2 grants × at most 1.5 s ÷ 20 ms attempts.
        var puts = journal.Count(e => e.Method == "PUT" && e.Path.Contains("/roleAssignments/", StringComparison.OrdinalIgnoreCase) && e.Body != null && e.Body.Contains(principal, StringComparison.OrdinalIgnoreCase));
        Assert.InRange(puts, 3, 2 * (1500 / 20));
    }

    [Fact]
    public async Task Reconcile_ThrottledWritesWithRetryAfter_AreRetriedAndConverge()
    {
        await using var world = await StartAsync();
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^PUT .*/computes/", Kind = FaultKind.Throttle, RetryAfterSeconds = 0, MaxCount = 2 });
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^PUT .*/roleAssignments/", Kind = FaultKind.Throttle, RetryAfterSeconds = 0, MaxCount = 3 });

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        Assert.Equal(5, world.Emulator.Journal.TooManyRequests);
        Assert.Equal("Succeeded", world.Emulator.State.Compute(Research, "aks-research-r")!.ProvisioningState);
        Assert.Equal("Succeeded", world.Emulator.State.Compute(Prod, "aks-research-p")!.ProvisioningState);
        // Azure.Core honoured Retry-After and retried within its 3 retries; nothing was stacked on top: at most the two
        // throttled attempts and the one that succeeded.
        Assert.InRange(world.Emulator.Journal.Count(e => e.Method == "PUT" && e.Path.EndsWith("/computes/aks-research-r", StringComparison.OrdinalIgnoreCase)), 1, 3);
    }

    [Fact]
    public async Task Reconcile_ServiceUnavailableOnReads_IsSurvived()
    {
        await using var world = await StartAsync();
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^GET .*/extensions$", Kind = FaultKind.Unavailable, RetryAfterSeconds = 0, MaxCount = 2 });
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^GET .*/computes$", Kind = FaultKind.ServerError, MaxCount = 1 });

        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged, report.Describe());
        Assert.Equal(2, world.Emulator.Journal.Count(e => e.Status == 503));
        Assert.Equal(1, world.Emulator.Journal.Count(e => e.Status == 500));
        Assert.NotNull(world.Emulator.State.Compute(Research, "arc-edge-01-r"));
    }

    [Fact]
    public async Task Reconcile_WriteThatAlwaysFails_StopsWithinTheRetryBudget()
    {
        await using var world = await StartAsync();
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^PUT .*/computes/aks-research-r$", Kind = FaultKind.ServerError });

        var report = await world.ReconcileAsync(AksResearch);

        Assert.False(report.Converged);
        var failed = report.Attachments.Single(a => a.Key == "ws-research/aks-research-r").Steps.Single(s => s.Kind == StepKind.Compute);
        Assert.Equal(StepOutcomeKind.Failed, failed.Outcome);
        Assert.Equal(DiagnosisCodes.TransientFailuresExhausted, failed.Diagnosis!.Code);
        // Two layers, nothing else: each of the step's StepAttempts (durable retry policy) sends one logical PUT, which
        // Azure.Core sends 1 + MaxRetries times (500 is retryable for both; the classifier is the same).
        var azureCoreAttempts = new ArmConnectionOptions().MaxRetries + 1;
        Assert.Equal(
            TestWorld.FastReconcile.StepAttempts * azureCoreAttempts,
            world.Emulator.Journal.Count(e => e.Method == "PUT" && e.Path.EndsWith("/computes/aks-research-r", StringComparison.OrdinalIgnoreCase)));
        Assert.Null(world.Emulator.State.Compute(Research, "aks-research-r"));
        // The other attachment is independent and still converged.
        Assert.Equal("Succeeded", world.Emulator.State.Compute(Prod, "aks-research-p")!.ProvisioningState);
    }

    [Fact]
    public async Task Reconcile_KubernetesApiUnavailable_RetriesWithinThePipeline()
    {
        await using var world = await StartAsync();
        world.Emulator.Knobs.AddFault(new FaultRule { Route = "^POST .*/api/v1/namespaces$", Kind = FaultKind.Unavailable, RetryAfterSeconds = 0, MaxCount = 2 });

        var report = await world.ReconcileAsync(ArcEdge1);

        Assert.True(report.Converged, report.Describe());
        Assert.Equal("Active", Assert.Single(world.Emulator.State.Namespaces(ArcEdge1), n => n.Name == "ml-edge").Phase);
        var namespaceSteps = report.Steps().Where(s => s.Kind == StepKind.Namespace).ToArray();
        Assert.Single(namespaceSteps, s => s.Outcome == StepOutcomeKind.Created);
        Assert.All(namespaceSteps, s => Assert.NotEqual(StepOutcomeKind.Failed, s.Outcome));
        // The two 503s, then one create per attachment at most: the two attachments share ml-edge and run in parallel
        // sub-orchestrations, so both may send a create (the second gets 409 and finds it ours).
        Assert.Equal(2, world.Emulator.Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Status == 503));
        Assert.InRange(world.Emulator.Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method == "POST"), 3, 4);
    }
}
