using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Roles;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests;

/// <summary>
/// The product against role assignments as Azure answers them: a grant scope that is gone (404 on the scope), a
/// deterministic name that is taken elsewhere in the tenant (400 RoleAssignmentUpdateNotPermitted), names per scope.
/// </summary>
public sealed class RoleAssignmentFidelityTests
{
    private const string GoneRegistry = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.ContainerRegistry/registries/crdeleted";

    [Fact]
    public async Task Grant_OnRegistryThatIsGone_IsDiagnosedGrantScopeNotFound_AndNoRoleAssignmentIsWritten()
    {
        await using var world = await ReliabilityWorld.StartAsync(ReliabilityWorld.Policy.Replace(Registry, GoneRegistry, StringComparison.Ordinal));

        var report = await world.ReconcileViaEventAsync(AksResearch);

        var grant = Assert.Single(report.Attachments.SelectMany(a => a.Steps), s => s.Kind == StepKind.ComputeGrant);
        Assert.Equal(StepOutcomeKind.Failed, grant.Outcome);
        Assert.Equal(DiagnosisCodes.GrantScopeNotFound, grant.Diagnosis?.Code);
        Assert.Contains("crdeleted", grant.Diagnosis!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Journal.Entries, e => e.Method == "PUT" && e.Path.Contains("/roleAssignments/", StringComparison.OrdinalIgnoreCase));
        var compute = world.State.Compute(Research, ReliabilityWorld.ComputeName)!;
        Assert.Empty(world.State.RoleAssignments(compute.PrincipalId));
    }

    [Fact]
    public async Task Grant_DeterministicNameTakenAtAnotherScope_IsDiagnosedNameTaken_NotRetried_AndNothingIsGranted()
    {
        await using var world = await ReliabilityWorld.StartAsync();
        var elsewhere = $"/subscriptions/{Sub1}/resourceGroups/rg-ml";
        var taken = 0;
        world.Faults.Match = r => r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.Contains("/roleAssignments/", StringComparison.OrdinalIgnoreCase);
        world.Faults.Before = r =>
        {
            // Someone already used the name the product derives, at another scope (names are unique in the tenant).
            if (Interlocked.Exchange(ref taken, 1) == 0)
            {
                var name = r.RequestUri!.AbsolutePath.Split('/')[^1];
                world.State.AddRoleAssignment(elsewhere, name, RoleCatalog.Reader.DefinitionGuid.ToString("D"), "77777777-0000-0000-0000-000000000001");
            }

            return Task.CompletedTask;
        };

        var report = await world.ReconcileViaEventAsync(AksResearch);

        var grant = Assert.Single(report.Attachments.SelectMany(a => a.Steps), s => s.Kind == StepKind.ComputeGrant);
        Assert.Equal(StepOutcomeKind.Failed, grant.Outcome);
        Assert.Equal(DiagnosisCodes.RoleAssignmentNameTaken, grant.Diagnosis?.Code);
        Assert.Contains("AcrPull", grant.Diagnosis!.Message, StringComparison.Ordinal);
        Assert.Single(world.Journal.Entries, e => e.ErrorCode == "RoleAssignmentUpdateNotPermitted");
        var compute = world.State.Compute(Research, ReliabilityWorld.ComputeName)!;
        Assert.Empty(world.State.RoleAssignments(compute.PrincipalId));
    }
}
