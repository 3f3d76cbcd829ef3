using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Planning;
using AttachFunctions.Workflows.Activities;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Agreement.Tests.Decisions;

/// <summary>
/// The ensure activities exactly as the durable engine runs them (resolved from the product's services): each resolves the attachment from the truth of the
/// moment, re-observes what it changes and applies the shared decision. Retryable conditions surface as the
/// <see cref="Workflows.RetryableStepException"/> the durable retry policy retries.
/// </summary>
internal static class Activities
{
    public static Task<StepOutcome> NamespaceAsync(SampleWorld world, DesiredAttachment a) =>
        world.Get<EnsureNamespaceActivity>().ExecuteAsync(Input(a), Agreement.Ct);

    public static Task<IReadOnlyList<StepOutcome>> PrerequisitesAsync(SampleWorld world, DesiredAttachment a) =>
        world.Get<EnsurePrerequisitesActivity>().ExecuteAsync(Input(a), Agreement.Ct);

    public static Task<ComputeStepOutput> ComputeAsync(SampleWorld world, DesiredAttachment a) =>
        world.Get<EnsureComputeActivity>().ExecuteAsync(Input(a), Agreement.Ct);

    public static Task<IReadOnlyList<StepOutcome>> ComputeGrantsAsync(SampleWorld world, DesiredAttachment a, string? principalId) =>
        world.Get<EnsureComputeGrantsActivity>().ExecuteAsync(new ComputeGrantsInput(a.Cluster.Id, a.Key, principalId), Agreement.Ct);

    private static AttachmentStepInput Input(DesiredAttachment a) => new(a.Cluster.Id, a.Key);
}
