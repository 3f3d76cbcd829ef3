using Microsoft.DurableTask;

namespace AttachFunctions.Workflows.Activities;

/// <summary>
/// An activity with input-only logic: the in-process engine calls <see cref="RunAsync"/>, and the Functions app's
/// one-line wrapper calls <see cref="ExecuteAsync"/> with the invocation's cancellation token.
/// </summary>
public abstract class WorkflowActivity<TInput, TOutput> : TaskActivity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => ExecuteAsync(input, CancellationToken.None);

    public abstract Task<TOutput> ExecuteAsync(TInput input, CancellationToken ct);
}
