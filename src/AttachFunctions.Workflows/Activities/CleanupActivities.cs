using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Reconciliation;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Activities;

/// <summary>
/// Plans the cleanup of a deleted cluster: the computes this automation attached to it (by their tags) in the
/// policy's workspaces, each to detach or keep per its onClusterDelete tag. Empty when the cluster still exists.
/// </summary>
public sealed class PlanCleanupActivity : WorkflowActivity<string, IReadOnlyList<CleanupItem>>
{
    private readonly AttachPolicy _policy;
    private readonly AttachRuntime _runtime;

    public PlanCleanupActivity(AttachPolicy policy, AttachRuntime runtime)
    {
        _policy = policy;
        _runtime = runtime;
    }

    public override async Task<IReadOnlyList<CleanupItem>> ExecuteAsync(string input, CancellationToken ct)
    {
        var id = ClusterId.Parse(input);
        return await StepFailures.GuardAsync<IReadOnlyList<CleanupItem>>(
            async () =>
            {
                var result = await _runtime.Planner.PlanAsync(_policy, id, new ObservationCache(_runtime.Arm), ct);
                return result.Cleanup
                    .Select(c => new CleanupItem(c.Workspace.Id, c.ComputeName, c.Step.Action == StepAction.Delete, c.Step.Reason))
                    .ToArray();
            },
            _ => []);
    }
}

/// <summary>Detaches one compute (the cluster is kept); Unchanged when it is already gone.</summary>
public sealed class DetachComputeActivity : WorkflowActivity<DetachInput, StepOutcome>
{
    private readonly AttachRuntime _runtime;

    public DetachComputeActivity(AttachRuntime runtime)
    {
        _runtime = runtime;
    }

    public override Task<StepOutcome> ExecuteAsync(DetachInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        return StepFailures.GuardAsync(
            () => _runtime.Steps.DetachAsync(WorkspaceRef.Parse(input.WorkspaceId), input.ComputeName, ct),
            d => StepFailures.Failed(StepKind.Detach, $"compute {input.ComputeName}", d));
    }
}
