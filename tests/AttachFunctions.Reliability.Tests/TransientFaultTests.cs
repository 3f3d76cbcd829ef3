using System.Net;
using System.Text;
using AttachFunctions.Core.Planning;
using AttachFunctions.Emulator;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests;

/// <summary>
/// Reliability matrix (docs/reliability.md), scenarios C at the orchestration level: transient faults are absorbed by the retry layers and the run
/// converges; fatal ones end the run with a diagnosis at once; a fault that never heals stops within the budget.
/// </summary>
public sealed class TransientFaultTests
{
    [Fact]
    public async Task Reconcile_ThrottleStormOnEveryArmCall_ConvergesToExactlyOne()
    {
        await using var world = await ReliabilityWorld.StartAsync(knobs: k =>
            k.AddFault(new FaultRule { Route = "^(GET|PUT|POST) /subscriptions/", Kind = FaultKind.Throttle, Rate = 0.4, RetryAfterSeconds = 0, MaxCount = 60 }));

        var report = await world.ReconcileViaEventAsync(AksResearch);

        Assert.True(report.Converged, report.Result);
        Assert.True(world.Journal.TooManyRequests >= 3, $"only {world.Journal.TooManyRequests} 429s were injected");
        IdempotencyTests.AssertExactlyOneOfEach(world);
    }

    [Fact]
    public async Task Reconcile_ServiceUnavailableOnReadsAndWrites_ConvergesToExactlyOne()
    {
        await using var world = await ReliabilityWorld.StartAsync(knobs: k =>
            k.AddFault(new FaultRule { Route = "^(GET|PUT) /subscriptions/", Kind = FaultKind.Unavailable, Rate = 0.3, RetryAfterSeconds = 0, MaxCount = 40 }));

        var report = await world.ReconcileViaEventAsync(AksResearch);

        Assert.True(report.Converged, report.Result);
        Assert.True(world.Journal.Count(e => e.Status == 503) >= 2, "too few 503s were injected");
        IdempotencyTests.AssertExactlyOneOfEach(world);
    }

    [Fact]
    public async Task Reconcile_PrincipalNotReplicatedForAWhile_GrantLandsOnceItHas()
    {
        await using var world = await ReliabilityWorld.StartAsync(knobs: k => k.PrincipalReplicationDelay = TimeSpan.FromSeconds(2));

        var report = await world.ReconcileViaEventAsync(AksResearch);

        Assert.True(report.Converged, report.Result);
        Assert.True(world.Journal.Count(e => e.ErrorCode == "PrincipalNotFound") >= 1, "the grant never met PrincipalNotFound");
        IdempotencyTests.AssertExactlyOneOfEach(world);
    }

    [Fact]
    public async Task Reconcile_AttachOperationFailedWithInvalidParameter_FatalNoRetryNoGrant()
    {
        await using var world = await ReliabilityWorld.StartAsync();
        world.Faults.Match = r => r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath.Contains("/computeOperationsStatus/", StringComparison.OrdinalIgnoreCase);
        world.Faults.Rewrite = _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(
                "{\"status\":\"Failed\",\"error\":{\"code\":\"InvalidParameter\",\"message\":\"The namespace parameter is invalid for this cluster.\"}}",
                Encoding.UTF8,
                "application/json"),
        };

        var report = await world.ReconcileViaEventAsync(AksResearch);

        Assert.Equal(RunResults.Failed, report.Result);
        var compute = Assert.Single(report.Attachments.SelectMany(a => a.Steps), s => s.Kind == StepKind.Compute);
        Assert.Equal(StepOutcomeKind.Failed, compute.Outcome);
        Assert.Contains("InvalidParameter", compute.Diagnosis!.Message, StringComparison.Ordinal);
        Assert.Equal(1, world.Journal.Count(e => e.Method == "PUT" && e.Path.Contains("/computes/", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(0, world.Journal.Count(e => e.Method == "PUT" && e.Path.Contains("/roleAssignments/", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Reconcile_EveryWriteAlwaysFails_StopsWithinTheAttemptBudgetAndReportsFailed()
    {
        await using var world = await ReliabilityWorld.StartAsync(knobs: k =>
            k.AddFault(new FaultRule { Route = "^(PUT|PATCH|DELETE) /subscriptions/", Kind = FaultKind.ServerError, Rate = 1 }));

        var report = await world.ReconcileViaEventAsync(AksResearch);

        // Budget per logical write: Azure.Core's 1 + 3 attempts per activity run × the durable step attempts.
        var budget = (1 + 3) * ReliabilityWorld.Reconcile.StepAttempts;
        var namespacePuts = world.Journal.Count(e => e.Method == "PUT" && e.Path.Contains("/managedNamespaces/", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(RunResults.Failed, report.Result);
        Assert.InRange(namespacePuts, 5, budget);
        Assert.Equal(0, world.Journal.Count(e => e.Method == "PUT" && e.Path.Contains("/computes/", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(world.State.Namespaces(AksResearch), n => n.Name == ReliabilityWorld.Namespace);
    }
}
