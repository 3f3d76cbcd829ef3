using AttachFunctions.Core.Planning;
using AttachFunctions.Infrastructure;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Activities;

/// <summary>Ensure-step 4: the compute identity's roles (AcrPull, Storage Blob Data roles).</summary>
public sealed class EnsureComputeGrantsActivity : WorkflowActivity<ComputeGrantsInput, IReadOnlyList<StepOutcome>>
{
    private readonly AttachmentResolver _resolver;
    private readonly AttachRuntime _runtime;

    public EnsureComputeGrantsActivity(AttachmentResolver resolver, AttachRuntime runtime)
    {
        _resolver = resolver;
        _runtime = runtime;
    }

    public override Task<IReadOnlyList<StepOutcome>> ExecuteAsync(ComputeGrantsInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        return StepFailures.GuardAsync<IReadOnlyList<StepOutcome>>(
            async () =>
            {
                var (_, attachment) = await _resolver.ResolveAsync(input.ClusterId, input.AttachmentKey, ct);
                return await _runtime.Steps.EnsureComputeGrantsAsync(attachment, input.PrincipalId, ct);
            },
            d => [StepFailures.Failed(StepKind.ComputeGrant, $"compute identity roles of {input.AttachmentKey}", d)]);
    }
}
