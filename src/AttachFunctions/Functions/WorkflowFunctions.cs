using AttachFunctions.Core.Planning;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Activities;
using AttachFunctions.Workflows.Model;
using AttachFunctions.Workflows.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace AttachFunctions.Functions;

/// <summary>One-line Functions wrappers around the orchestrators (no source generator is used).</summary>
public static class OrchestratorFunctions
{
    [Function(WorkflowNames.ReconcileCluster)]
    public static Task<ReconcileRunReport> ReconcileCluster([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ReconcileClusterOrchestration.RunAsync(context, context.GetInput<ReconcileInput>()!);

    [Function(WorkflowNames.AttachOne)]
    public static Task<AttachmentRunReport> AttachOne([OrchestrationTrigger] TaskOrchestrationContext context) =>
        AttachOneOrchestration.RunAsync(context, context.GetInput<AttachOneInput>()!);

    [Function(WorkflowNames.CleanupCluster)]
    public static Task<CleanupReport> CleanupCluster([OrchestrationTrigger] TaskOrchestrationContext context) =>
        CleanupClusterOrchestration.RunAsync(context, context.GetInput<CleanupInput>()!);

    [Function(WorkflowNames.DriftRepair)]
    public static Task<DriftRepairReport> DriftRepair([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DriftRepairOrchestration.RunAsync(context, context.GetInput<DriftRepairInput>()!);
}

/// <summary>One-line Functions wrappers around the activities (their logic is input-only, with injected services).</summary>
public sealed class ActivityFunctions
{
    private readonly IServiceProvider _services;

    public ActivityFunctions(IServiceProvider services)
    {
        _services = services;
    }

    [Function(WorkflowNames.PlanCluster)]
    public Task<ClusterSnapshot> PlanCluster([ActivityTrigger] PlanClusterInput input, FunctionContext context) =>
        Get<PlanClusterActivity>().ExecuteAsync(input, Token(context));

    [Function(WorkflowNames.EnsureNamespace)]
    public Task<StepOutcome> EnsureNamespace([ActivityTrigger] AttachmentStepInput input, FunctionContext context) =>
        Get<EnsureNamespaceActivity>().ExecuteAsync(input, Token(context));

    [Function(WorkflowNames.EnsurePrerequisites)]
    public Task<IReadOnlyList<StepOutcome>> EnsurePrerequisites([ActivityTrigger] AttachmentStepInput input, FunctionContext context) =>
        Get<EnsurePrerequisitesActivity>().ExecuteAsync(input, Token(context));

    [Function(WorkflowNames.EnsureCompute)]
    public Task<ComputeStepOutput> EnsureCompute([ActivityTrigger] AttachmentStepInput input, FunctionContext context) =>
        Get<EnsureComputeActivity>().ExecuteAsync(input, Token(context));

    [Function(WorkflowNames.EnsureComputeGrants)]
    public Task<IReadOnlyList<StepOutcome>> EnsureComputeGrants([ActivityTrigger] ComputeGrantsInput input, FunctionContext context) =>
        Get<EnsureComputeGrantsActivity>().ExecuteAsync(input, Token(context));

    [Function(WorkflowNames.PlanCleanup)]
    public Task<IReadOnlyList<CleanupItem>> PlanCleanup([ActivityTrigger] string clusterId, FunctionContext context) =>
        Get<PlanCleanupActivity>().ExecuteAsync(clusterId, Token(context));

    [Function(WorkflowNames.DetachCompute)]
    public Task<StepOutcome> DetachCompute([ActivityTrigger] DetachInput input, FunctionContext context) =>
        Get<DetachComputeActivity>().ExecuteAsync(input, Token(context));

    [Function(WorkflowNames.ListScopeSubscriptions)]
    public Task<IReadOnlyList<string>> ListScopeSubscriptions([ActivityTrigger] string input, FunctionContext context) =>
        Get<ListScopeSubscriptionsActivity>().ExecuteAsync(input, Token(context));

    [Function(WorkflowNames.ListClustersInScope)]
    public Task<IReadOnlyList<string>> ListClustersInScope([ActivityTrigger] string subscriptionId, FunctionContext context) =>
        Get<ListClustersInScopeActivity>().ExecuteAsync(subscriptionId, Token(context));

    private T Get<T>()
        where T : notnull => (T)(_services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered."));

    private static CancellationToken Token(FunctionContext context) => context?.CancellationToken ?? CancellationToken.None;
}
