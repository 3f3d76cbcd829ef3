using AttachFunctions.Core.Naming;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests;

/// <summary>
/// Reliability matrix (docs/reliability.md), scenarios A: duplicates and idempotency at the orchestration level. Activities run at least once; a step whose
/// side effect happened but whose answer was lost is run again and must converge to exactly one of each thing.
/// </summary>
public sealed class IdempotencyTests
{
    private static readonly string Workspace = Research;

    [Theory]
    [InlineData("namespace", "/managedNamespaces/")]
    [InlineData("compute", "/computes/")]
    [InlineData("role-assignment", "/roleAssignments/")]
    public async Task Step_SideEffectDoneThenResponseLost_RepeatedPutConvergesToExactlyOne(string what, string pathFragment)
    {
        await using var world = await ReliabilityWorld.StartAsync();
        world.Faults.Match = r => r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.Contains(pathFragment, StringComparison.OrdinalIgnoreCase);
        world.Faults.Budget = 3; // Azure.Core sends the PUT again after each lost answer; the 4th answer arrives

        var report = await world.ReconcileViaEventAsync(AksResearch);

        var puts = world.Journal.Count(e => e.Method == "PUT" && e.Path.Contains(pathFragment, StringComparison.OrdinalIgnoreCase));
        Assert.True(world.Faults.Lost == 3 && puts >= 4, $"{what}: {world.Faults.Lost} answers lost, {puts} PUTs reached the emulator");
        Assert.True(report.Converged, $"{what}: {report.Result} {System.Text.Json.JsonSerializer.Serialize(report.Attachments)}");
        AssertExactlyOneOfEach(world);
    }

    /// <summary>
    /// Every answer of the step's first activity run is lost (Azure.Core's 1 + 3 attempts), so the activity fails after
    /// its side effect; the durable retry must run it again and converge. Today Azure.Core reports the exhausted retries
    /// as an AggregateException of 4 transport errors, which the shared classifier calls fatal, so the step ends Failed.
    /// </summary>
    [Theory]
    [InlineData("namespace", "/managedNamespaces/")]
    [InlineData("compute", "/computes/")]
    [InlineData("role-assignment", "/roleAssignments/")]
    public async Task Step_SideEffectDoneThenActivityThrows_DurableRerunConvergesToExactlyOne(string what, string pathFragment)
    {
        await using var world = await ReliabilityWorld.StartAsync();
        world.Faults.Match = r => r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.Contains(pathFragment, StringComparison.OrdinalIgnoreCase);
        world.Faults.Budget = 4;

        var report = await world.ReconcileViaEventAsync(AksResearch);

        Assert.True(world.Faults.Lost == 4, $"{what}: {world.Faults.Lost} answers lost");
        Assert.True(report.Converged, $"{what}: {report.Result} {System.Text.Json.JsonSerializer.Serialize(report.Attachments)}");
        AssertExactlyOneOfEach(world);
    }

    [Fact]
    public async Task Reconcile_CompletedRunRepeated_EveryStepUnchangedAndNoWrite()
    {
        await using var world = await ReliabilityWorld.StartAsync();
        await world.ReconcileViaEventAsync(AksResearch);
        var writesAfterFirst = world.Writes();

        var again = await world.ReconcileViaEventAsync(AksResearch);

        Assert.Equal(RunResults.Converged, again.Result);
        Assert.Equal(0, again.Writes);
        Assert.Equal(writesAfterFirst, world.Writes());
        AssertExactlyOneOfEach(world);
    }

    [Fact]
    public async Task Grant_RoleAssignmentExistsUnderAnotherName_UnchangedAndOneAssignment()
    {
        await using var world = await ReliabilityWorld.StartAsync();
        var raced = 0;
        var other = Guid.NewGuid();
        world.Faults.Match = r => r.Method == HttpMethod.Put &&
            r.RequestUri!.AbsolutePath.Contains("/roleAssignments/", StringComparison.OrdinalIgnoreCase) &&
            !r.RequestUri.AbsolutePath.EndsWith(other.ToString("D"), StringComparison.OrdinalIgnoreCase);
        world.Faults.Before = _ =>
        {
            // Another writer creates the same (scope, role, principal) under its own name between our read and our PUT
            // (once the principal has replicated, so that its write is accepted).
            var principal = world.State.Compute(Workspace, ReliabilityWorld.ComputeName)!.PrincipalId!;
            if (world.State.IsPrincipalReplicated(principal) && Interlocked.Exchange(ref raced, 1) == 0)
            {
                world.State.AddRoleAssignment(Registry, other.ToString("D"), RoleCatalog.AcrPull.DefinitionGuid.ToString("D"), principal);
            }

            return Task.CompletedTask;
        };

        var report = await world.ReconcileViaEventAsync(AksResearch);

        Assert.True(report.Converged, report.Result);
        var grant = Assert.Single(report.Attachments.SelectMany(a => a.Steps), s => s.Kind == StepKind.ComputeGrant);
        Assert.True(grant.Outcome == StepOutcomeKind.Unchanged, $"{grant.Outcome}: {grant.Detail} (raced {raced})");
        Assert.Contains("another name", grant.Detail, StringComparison.Ordinal);
        var principalId = world.State.Compute(Workspace, ReliabilityWorld.ComputeName)!.PrincipalId!;
        var assignment = Assert.Single(world.State.RoleAssignments(principalId), a => a.Scope.Equals(Registry, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(other.ToString("D"), assignment.Name, ignoreCase: true);
        Assert.NotEqual(DeterministicGuid.ForRoleAssignment(Registry, RoleCatalog.AcrPull.DefinitionGuid, principalId).ToString("D"), assignment.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>One namespace, one Succeeded compute, and one AcrPull assignment for the compute's current identity.</summary>
    internal static void AssertExactlyOneOfEach(ReliabilityWorld world)
    {
        Assert.Single(world.State.Namespaces(AksResearch), n => n.Name == ReliabilityWorld.Namespace);
        // The sample world holds one compute before the run (research-01, not the policy's); the run adds exactly one.
        Assert.Equal(2, world.State.Computes(Workspace).Count);
        var compute = Assert.Single(world.State.Computes(Workspace), c => c.Name == ReliabilityWorld.ComputeName);
        Assert.Equal("Succeeded", compute.ProvisioningState);
        Assert.Equal(ReliabilityWorld.Namespace, compute.Namespace);
        Assert.Single(
            world.State.RoleAssignments(compute.PrincipalId),
            a => a.Scope.Equals(Registry, StringComparison.OrdinalIgnoreCase) &&
                 a.RoleDefinitionGuid.Equals(RoleCatalog.AcrPull.DefinitionGuid.ToString("D"), StringComparison.OrdinalIgnoreCase));
    }
}
