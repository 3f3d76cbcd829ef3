using System.Text.Json.Nodes;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Planning;
using AttachFunctions.Infrastructure.Reconciliation;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Agreement.Tests.Decisions;

/// <summary>
/// Compares what a plan says a step will do with what the ensure activity does when run on the same state: the same
/// action class and the same diagnosis code. Blocked agrees with a Failed outcome or a retryable step failure.
/// </summary>
internal static class Agreement
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The plan of a cluster, read fresh from the emulator.</summary>
    public static async Task<ReconcilePlan> PlanAsync(SampleWorld world, string clusterId) =>
        await world.Runtime.Planner.PlanAsync(world.Policy, ClusterId.Parse(clusterId), new ObservationCache(world.Runtime.Arm), Ct);

    public static DesiredAttachment Attachment(ReconcilePlan plan, string workspaceName) =>
        plan.Desired.Attachments.First(a => a.Workspace.Name == workspaceName);

    public static PlanStep Step(ReconcilePlan plan, DesiredAttachment attachment, StepKind kind, string target) =>
        plan.Plan.Attachments.Single(a => a.Key == attachment.Key).Steps.Single(s => s.Kind == kind && s.Target == target);

    /// <summary>Runs an ensure-step and turns its outcome (or retryable throw) into the action class a plan would show.</summary>
    public static async Task<(StepAction Action, string? Code)> EnsureAsync(Func<Task<StepOutcome>> ensure)
    {
        try
        {
            return Classify(await ensure());
        }
        catch (Workflows.RetryableStepException ex)
        {
            return (StepAction.Blocked, ex.Diagnosis.Code);
        }
    }

    public static (StepAction Action, string? Code) Classify(StepOutcome outcome) => outcome.Outcome switch
    {
        StepOutcomeKind.Unchanged => (StepAction.None, null),
        StepOutcomeKind.Created => (StepAction.Create, null),
        StepOutcomeKind.Updated => (StepAction.Update, null),
        StepOutcomeKind.Replaced => (StepAction.Replace, null),
        StepOutcomeKind.Deleted => (StepAction.Delete, null),
        _ => (StepAction.Blocked, outcome.Diagnosis?.Code),
    };

    public static void Agree(PlanStep planned, (StepAction Action, string? Code) ensured, StepAction expected, string? expectedCode)
    {
        Assert.Equal(expected, planned.Action);
        Assert.Equal(expectedCode, planned.Diagnosis?.Code);
        Assert.Equal((planned.Action, planned.Diagnosis?.Code), ensured);
    }

    /// <summary>The sample scenario with an edit applied to its JSON.</summary>
    public static string Scenario(Action<JsonObject> edit)
    {
        var scenario = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("samples", "scenario.json")))!.AsObject();
        edit(scenario);
        return scenario.ToJsonString();
    }

    /// <summary>Adds a compute to a workspace of the scenario.</summary>
    public static Action<JsonObject> WithCompute(string workspaceName, JsonObject compute) => scenario =>
    {
        var ws = scenario["workspaces"]!.AsArray().First(w => (string?)w!["name"] == workspaceName)!.AsObject();
        if (ws["computes"] is not JsonArray computes)
        {
            computes = [];
            ws["computes"] = computes;
        }

        computes.Add(compute);
    };
}
