using AttachFunctions.Core.Planning;
using AttachFunctions.Infrastructure;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Activities;

/// <summary>Ensure-step 1: the attachment's namespace exists, labelled as ours.</summary>
public sealed class EnsureNamespaceActivity : WorkflowActivity<AttachmentStepInput, StepOutcome>
{
    private readonly AttachmentResolver _resolver;
    private readonly AttachRuntime _runtime;

    public EnsureNamespaceActivity(AttachmentResolver resolver, AttachRuntime runtime)
    {
        _resolver = resolver;
        _runtime = runtime;
    }

    public override Task<StepOutcome> ExecuteAsync(AttachmentStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        return StepFailures.GuardAsync(
            async () =>
            {
                var (cluster, attachment) = await _resolver.ResolveAsync(input.ClusterId, input.AttachmentKey, ct);
                return await _runtime.Steps.EnsureNamespaceAsync(cluster, attachment.Namespace, ct);
            },
            d => StepFailures.Failed(StepKind.Namespace, $"namespace of {input.AttachmentKey}", d));
    }
}
