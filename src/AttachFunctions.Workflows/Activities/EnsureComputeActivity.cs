using AttachFunctions.Core.Planning;
using AttachFunctions.Infrastructure;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Activities;

/// <summary>Ensure-step 3: the compute is attached (GET first; a drifted or Failed compute is detached and attached again).</summary>
public sealed class EnsureComputeActivity : WorkflowActivity<AttachmentStepInput, ComputeStepOutput>
{
    private readonly AttachmentResolver _resolver;
    private readonly AttachRuntime _runtime;

    public EnsureComputeActivity(AttachmentResolver resolver, AttachRuntime runtime)
    {
        _resolver = resolver;
        _runtime = runtime;
    }

    public override Task<ComputeStepOutput> ExecuteAsync(AttachmentStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        return StepFailures.GuardAsync(
            async () =>
            {
                var (_, attachment) = await _resolver.ResolveAsync(input.ClusterId, input.AttachmentKey, ct);
                var workspace = await _resolver.WorkspaceAsync(attachment, ct);
                var result = await _runtime.Steps.EnsureComputeAsync(attachment, workspace, ct);
                return new ComputeStepOutput(result.Outcome, result.PrincipalId);
            },
            d => new ComputeStepOutput(StepFailures.Failed(StepKind.Compute, $"compute {input.AttachmentKey}", d), null));
    }
}
