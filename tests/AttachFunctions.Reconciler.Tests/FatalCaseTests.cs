using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;
using AttachFunctions.TestSupport;
using static AttachFunctions.Reconciler.Tests.SampleWorld;

namespace AttachFunctions.Reconciler.Tests;

public sealed class FatalCaseTests
{
    [Fact]
    public async Task Reconcile_ForeignNamespaceWithoutAdopt_FailsWithDiagnosisAndDoesNotAttach()
    {
        await using var world = await StartAsync();
        world.State.CreateNamespace(AksResearch, "research-research", new Dictionary<string, string> { ["owner"] = "someone-else" });

        var report = await world.ReconcileAsync(AksResearch);

        var research = report.Attachments.Single(a => a.Key == "ws-research/aks-research-r");
        var failed = Assert.Single(research.Steps, s => s.Outcome == StepOutcomeKind.Failed);
        Assert.Equal(DiagnosisCodes.NamespaceNotOwned, failed.Diagnosis!.Code);
        Assert.Contains("adopt", failed.Diagnosis.Fix, StringComparison.Ordinal);
        Assert.Null(world.State.Compute(Research, "aks-research-r"));
        Assert.Equal("someone-else", world.State.Namespaces(AksResearch).Single(n => n.Name == "research-research").Labels["owner"]);
        Assert.DoesNotContain("app.kubernetes.io/managed-by", world.State.Namespaces(AksResearch).Single(n => n.Name == "research-research").Labels.Keys);

        // The other attachment has its own namespace and is unaffected.
        Assert.NotNull(world.State.Compute(Prod, "aks-research-p"));
    }

    [Fact]
    public async Task Reconcile_ForeignNamespaceWithAdopt_LabelsItAndAttaches()
    {
        await using var world = await StartAsync();
        world.State.CreateNamespace(AksResearch, "research-research", new Dictionary<string, string> { ["owner"] = "someone-else" });
        world.Policy = world.Policy with { NamespaceOwnership = new NamespaceOwnership { Adopt = true } };

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, string.Join("\n", report.Diagnoses));
        var ns = world.State.Namespaces(AksResearch).Single(n => n.Name == "research-research");
        Assert.Equal("attachfunctions", ns.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("someone-else", ns.Labels["owner"]);
        Assert.NotNull(world.State.Compute(Research, "aks-research-r"));
    }

    [Fact]
    public async Task Reconcile_AksInAnotherSubscription_ReportsAndWritesNothing()
    {
        await using var world = await StartAsync();

        var report = await world.ReconcileAsync(AksPartner);

        Assert.False(report.Converged);
        Assert.All(report.Attachments, a => Assert.Equal(DiagnosisCodes.AksCrossSubscription, Assert.Single(a.Steps).Diagnosis!.Code));
        Assert.Equal(2, report.Attachments.Count);
        Assert.Equal(0, world.WritesInJournal());
    }

    [Fact]
    public async Task Reconcile_ExtensionMissing_BlocksWithDiagnosisAndWritesNothing()
    {
        await using var world = await StartAsync();

        var report = await world.ReconcileAsync(AksSandbox);

        Assert.Equal(DiagnosisCodes.ExtensionMissing, Assert.Single(report.Blockers).Code);
        Assert.Equal(0, world.WritesInJournal());
    }

    [Fact]
    public async Task Reconcile_ExtensionStillInstalling_BlocksAsNotReady()
    {
        await using var world = await StartAsync();

        var report = await world.ReconcileAsync(AksProd);

        Assert.Equal(DiagnosisCodes.ExtensionNotReady, Assert.Single(report.Blockers).Code);
        Assert.Contains("Creating", report.Blockers[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, world.WritesInJournal());
    }

    [Fact]
    public async Task Reconcile_ExtensionFailed_NamesItsState()
    {
        await using var world = await StartAsync();
        world.State.SetExtensionState(ArcEdge2, "ml-extension", "Failed");

        var report = await world.ReconcileAsync(ArcEdge2);

        var blocker = Assert.Single(report.Blockers);
        Assert.Equal(DiagnosisCodes.ExtensionFailed, blocker.Code);
        Assert.Contains("ml-extension", blocker.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.WritesInJournal());
    }

    [Fact]
    public async Task Reconcile_ClusterOutsideScope_IsBlockedWithNoWrites()
    {
        var policy = File.ReadAllText(RepoPaths.Combine("samples", "policy.json"))
            .Replace(",\n      \"22222222-2222-2222-2222-222222222222\"", "", StringComparison.Ordinal);
        await using var world = await StartAsync(policyJson: policy);

        var report = await world.ReconcileAsync(AksPartner);

        Assert.Equal(DiagnosisCodes.ClusterOutOfScope, Assert.Single(report.Blockers).Code);
        Assert.Equal(0, world.WritesInJournal());
    }

    [Fact]
    public async Task Reconcile_UserAssignedWorkspaceWithoutRolesAndNoRbacPower_DiagnosesTheAutomationsOwnRole()
    {
        await using var world = await StartAsync();
        // The ABAC condition of the automation's RBAC Administrator role allows only AcrPull.
        world.Emulator.Knobs.AssignableRoleDefinitionIds = ["7f951dda-4ed3-4680-a7ca-43fe172d538d"];

        var report = await world.ReconcileAsync(AksResearch);

        var prod = report.Attachments.Single(a => a.Key == "ws-prod/aks-research-p");
        var failed = prod.Steps.First(s => s.Outcome == StepOutcomeKind.Failed);
        Assert.Equal(DiagnosisCodes.AutomationNotAuthorized, failed.Diagnosis!.Code);
        Assert.Null(world.State.Compute(Prod, "aks-research-p"));
    }
}
