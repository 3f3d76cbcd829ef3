using AttachFunctions.Core.Planning;
using AttachFunctions.Infrastructure;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Workflows.Activities;

/// <summary>Ensure-step 2: the roles a user-assigned workspace identity needs before attach.</summary>
public sealed class EnsurePrerequisitesActivity : WorkflowActivity<AttachmentStepInput, IReadOnlyList<StepOutcome>>
{
    private readonly AttachmentResolver _resolver;
    private readonly AttachRuntime _runtime;

    public EnsurePrerequisitesActivity(AttachmentResolver resolver, AttachRuntime runtime)
    {
        _resolver = resolver;
        _runtime = runtime;
    }

    public override Task<IReadOnlyList<StepOutcome>> ExecuteAsync(AttachmentStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        return StepFailures.GuardAsync<IReadOnlyList<StepOutcome>>(
            async () =>
            {
                var (_, attachment) = await _resolver.ResolveAsync(input.ClusterId, input.AttachmentKey, ct);
                var workspace = await _resolver.WorkspaceAsync(attachment, ct);
                var relay = await _resolver.RelayNamespaceAsync(attachment, workspace, ct);
                return await _runtime.Steps.EnsurePrerequisitesAsync(attachment, workspace, relay, ct);
            },
            d => [StepFailures.Failed(StepKind.PrerequisiteGrant, $"prerequisite roles of {input.AttachmentKey}", d)]);
    }
}
