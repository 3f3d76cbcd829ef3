using AttachFunctions.Core.Planning;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask;

namespace AttachFunctions.Workflows.Orchestrations;

/// <summary>
/// One attachment: namespace → prerequisite roles → compute → compute identity roles, each an activity with the
/// durable step retry policy. A step that fails (fatal, or retryable but out of retries) ends the attachment with its
/// diagnosis; later steps do not run. Custom status says which step is running.
/// </summary>
public static class AttachOneOrchestration
{
    public static async Task<AttachmentRunReport> RunAsync(TaskOrchestrationContext context, AttachOneInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = StepRetry.Options(input.Settings);
        var step = new AttachmentStepInput(input.ClusterId, input.AttachmentKey);
        var outcomes = new List<StepOutcome>();

        context.SetCustomStatus(new StepProgress(input.AttachmentKey, nameof(StepKind.Namespace), 0));
        outcomes.Add(await CallAsync(context, WorkflowNames.EnsureNamespace, step, retry, StepKind.Namespace, input.AttachmentKey, o => o));
        if (HasFailed(outcomes))
        {
            return Done(context, input, outcomes);
        }

        context.SetCustomStatus(new StepProgress(input.AttachmentKey, nameof(StepKind.PrerequisiteGrant), outcomes.Count));
        outcomes.AddRange(await CallAsync<IReadOnlyList<StepOutcome>>(
            context, WorkflowNames.EnsurePrerequisites, step, retry, StepKind.PrerequisiteGrant, input.AttachmentKey, o => [o]));
        if (HasFailed(outcomes))
        {
            return Done(context, input, outcomes);
        }

        context.SetCustomStatus(new StepProgress(input.AttachmentKey, nameof(StepKind.Compute), outcomes.Count));
        var compute = await CallAsync(
            context, WorkflowNames.EnsureCompute, step, retry, StepKind.Compute, input.AttachmentKey, o => new ComputeStepOutput(o, null));
        outcomes.Add(compute.Outcome);
        if (HasFailed(outcomes))
        {
            return Done(context, input, outcomes);
        }

        context.SetCustomStatus(new StepProgress(input.AttachmentKey, nameof(StepKind.ComputeGrant), outcomes.Count));
        outcomes.AddRange(await CallAsync<IReadOnlyList<StepOutcome>>(
            context, WorkflowNames.EnsureComputeGrants, new ComputeGrantsInput(input.ClusterId, input.AttachmentKey, compute.PrincipalId),
            retry, StepKind.ComputeGrant, input.AttachmentKey, o => [o]));
        return Done(context, input, outcomes);
    }

    private static async Task<T> CallAsync<T>(
        TaskOrchestrationContext context, string activity, object input, TaskOptions retry, StepKind kind, string key, Func<StepOutcome, T> onExhausted)
    {
        try
        {
            return await context.CallActivityAsync<T>(activity, input, retry);
        }
        catch (TaskFailedException ex)
        {
            var diagnosis = RetryableStepException.DiagnosisFrom(ex.FailureDetails.ErrorMessage, ex.FailureDetails.ErrorType);
            WorkflowLog.StepExhausted(context.CreateReplaySafeLogger(WorkflowNames.AttachOne), activity, key, diagnosis.Code);
            return onExhausted(StepOutcome.Failed(kind, key, diagnosis));
        }
    }

    private static bool HasFailed(List<StepOutcome> outcomes) => outcomes.Exists(o => o.Outcome == StepOutcomeKind.Failed);

    private static AttachmentRunReport Done(TaskOrchestrationContext context, AttachOneInput input, List<StepOutcome> outcomes)
    {
        context.SetCustomStatus(new StepProgress(input.AttachmentKey, ProgressStates.Done, outcomes.Count));
        return new AttachmentRunReport(input.AttachmentKey, outcomes);
    }
}
