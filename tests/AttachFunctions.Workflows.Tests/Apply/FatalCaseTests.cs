using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>Failures that do not heal with time: each ends the run with its diagnosis, writes nothing it must not, and is never retried.</summary>
public sealed class FatalCaseTests
{
    [Fact]
    public async Task Reconcile_ForeignNamespaceWithoutAdopt_FailsWithDiagnosisAndDoesNotAttach()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        state.CreateNamespace(AksResearch, "research-research", new Dictionary<string, string> { ["owner"] = "someone-else" });

        var report = await world.ReconcileAsync(AksResearch);

        Assert.Equal(RunResults.Failed, report.Result);
        var research = report.Attachments.Single(a => a.Key == "ws-research/aks-research-r");
        var failed = Assert.Single(research.Steps, s => s.Outcome == StepOutcomeKind.Failed);
        Assert.Equal(DiagnosisCodes.NamespaceNotOwned, failed.Diagnosis!.Code);
        Assert.Contains("adopt", failed.Diagnosis.Fix, StringComparison.Ordinal);
        Assert.Null(state.Compute(Research, "aks-research-r"));
        var ns = state.Namespaces(AksResearch).Single(n => n.Name == "research-research");
        Assert.Equal("someone-else", ns.Labels["owner"]);
        Assert.DoesNotContain("app.kubernetes.io/managed-by", ns.Labels.Keys);

        // The other attachment has its own namespace and is unaffected.
        Assert.NotNull(state.Compute(Prod, "aks-research-p"));
    }

    [Fact]
    public async Task Reconcile_ForeignNamespaceWithAdopt_LabelsItAndAttaches()
    {
        await using var world = await StartAsync(PolicyJson.Replace("\"adopt\": false", "\"adopt\": true", StringComparison.Ordinal));
        Assert.True(world.Policy.NamespaceOwnership.Adopt);
        world.Emulator.State.CreateNamespace(AksResearch, "research-research", new Dictionary<string, string> { ["owner"] = "someone-else" });

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        var ns = world.Emulator.State.Namespaces(AksResearch).Single(n => n.Name == "research-research");
        Assert.Equal("attachfunctions", ns.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("someone-else", ns.Labels["owner"]);
        Assert.NotNull(world.Emulator.State.Compute(Research, "aks-research-r"));
    }

    [Fact]
    public async Task Reconcile_AksInAnotherSubscription_ReportsAndWritesNothing()
    {
        await using var world = await StartAsync();

        var report = await world.ReconcileAsync(AksPartner);

        Assert.False(report.Converged);
        Assert.Equal(RunResults.Blocked, report.Result);
        Assert.Equal(2, report.Attachments.Count);
        Assert.All(report.Attachments, a => Assert.Equal(DiagnosisCodes.AksCrossSubscription, Assert.Single(a.Steps).Diagnosis!.Code));
        Assert.Equal(0, world.WritesInJournal());
    }

    [Fact]
    public async Task Reconcile_ExtensionMissing_BlocksWithDiagnosisAndWritesNothing()
    {
        await using var world = await StartAsync();

        var report = await world.ReconcileAsync(AksSandbox);

        Assert.Equal(RunResults.Blocked, report.Result);
        Assert.Equal(DiagnosisCodes.ExtensionMissing, Assert.Single(report.Blockers).Code);
        Assert.Equal(0, world.WritesInJournal());
    }

    [Fact]
    public async Task Reconcile_ExtensionStillInstallingPastTheDeadline_BlocksAsNotReady()
    {
        await using var world = await StartAsync();
        // The sample's extension installs for 20 s; this run waits for it (durable timers) only 300 ms.
        var settings = TestWorld.FastReconcile.ToSettings() with
        {
            ExtensionDeadline = TimeSpan.FromMilliseconds(300),
            ExtensionFirstPoll = TimeSpan.FromMilliseconds(50),
            ExtensionMaxPoll = TimeSpan.FromMilliseconds(100),
        };

        var report = await world.ReconcileAsync(AksProd, settings);

        Assert.Equal(RunResults.Blocked, report.Result);
        Assert.Equal(DiagnosisCodes.ExtensionNotReady, Assert.Single(report.Blockers).Code);
        Assert.Contains("Creating", report.Blockers[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, world.WritesInJournal());
        // It polled the extension again while it waited.
        Assert.True(world.Emulator.Journal.Count(e => e.Method == "GET" && e.Path.EndsWith("/extensions", StringComparison.OrdinalIgnoreCase)) >= 2);
    }

    [Fact]
    public async Task Reconcile_ExtensionFailed_NamesItsState()
    {
        await using var world = await StartAsync();
        world.Emulator.State.SetExtensionState(ArcEdge2, "ml-extension", "Failed");

        var report = await world.ReconcileAsync(ArcEdge2);

        var blocker = Assert.Single(report.Blockers);
        Assert.Equal(DiagnosisCodes.ExtensionFailed, blocker.Code);
        Assert.Contains("ml-extension", blocker.Message, StringComparison.Ordinal);
        Assert.Equal(0, world.WritesInJournal());
    }

    [Fact]
    public async Task Reconcile_ClusterOutsideScope_IsBlockedWithNoWrites()
    {
        var policy = PolicyJson.Replace(",\n      \"22222222-2222-2222-2222-222222222222\"", "", StringComparison.Ordinal);
        await using var world = await StartAsync(policy);
        Assert.DoesNotContain(Sub2, world.Policy.Scope.Subscriptions);

        // The attach API refuses it before scheduling anything.
        var body = System.Text.Json.JsonSerializer.Serialize(new { clusterId = AksPartner, dryRun = false });
        var (status, response) = world.Read(await world.Api.AttachAsync(TestWorld.Request("POST", body), world.Client, CancellationToken.None));
        Assert.Equal(400, status);
        Assert.Contains("outside the policy's scope", System.Text.Json.JsonDocument.Parse(response).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await world.InstancesAsync(InstanceIds.ReconcilePrefix));

        // A run started anyway (as the starter schedules event- and drift-started runs) is blocked by the same rule.
        var report = await world.ReconcileAsync(AksPartner, TestWorld.FastReconcile.ToSettings());

        Assert.Equal(RunResults.Blocked, report.Result);
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
        Assert.Null(world.Emulator.State.Compute(Prod, "aks-research-p"));
    }
}
