using AttachFunctions.Workflows.Activities;
using AttachFunctions.Workflows.Model;
using AttachFunctions.Workflows.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AttachFunctions.Workflows;

/// <summary>
/// Registers every orchestrator (with its input type) and activity with a Durable Task engine: the in-process engine
/// used by the tests and the CLI. The activities are resolved from the engine's services, which must provide the
/// <see cref="Core.Policy.AttachPolicy"/>, the <see cref="Infrastructure.AttachRuntime"/> and an <see cref="AttachmentResolver"/>;
/// the run-starting activities take the engine's <see cref="DurableTaskClient"/>.
/// </summary>
public static class WorkflowRegistration
{
    public static DurableTaskRegistry Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<ReconcileInput, ReconcileRunReport>(WorkflowNames.ReconcileCluster, (context, input) => ReconcileClusterOrchestration.RunAsync(context, input));
        registry.AddOrchestratorFunc<AttachOneInput, AttachmentRunReport>(WorkflowNames.AttachOne, (context, input) => AttachOneOrchestration.RunAsync(context, input));
        registry.AddOrchestratorFunc<CleanupInput, CleanupReport>(WorkflowNames.CleanupCluster, (context, input) => CleanupClusterOrchestration.RunAsync(context, input));
        registry.AddOrchestratorFunc<DriftRepairInput, DriftRepairReport>(WorkflowNames.DriftRepair, (context, input) => DriftRepairOrchestration.RunAsync(context, input));

        registry.AddActivity<PlanClusterActivity>(WorkflowNames.PlanCluster);
        registry.AddActivity<EnsureNamespaceActivity>(WorkflowNames.EnsureNamespace);
        registry.AddActivity<EnsurePrerequisitesActivity>(WorkflowNames.EnsurePrerequisites);
        registry.AddActivity<EnsureComputeActivity>(WorkflowNames.EnsureCompute);
        registry.AddActivity<EnsureComputeGrantsActivity>(WorkflowNames.EnsureComputeGrants);
        registry.AddActivity<PlanCleanupActivity>(WorkflowNames.PlanCleanup);
        registry.AddActivity<DetachComputeActivity>(WorkflowNames.DetachCompute);
        registry.AddActivity<ListScopeSubscriptionsActivity>(WorkflowNames.ListScopeSubscriptions);
        registry.AddActivity<ListClustersInScopeActivity>(WorkflowNames.ListClustersInScope);

        // These two schedule and read instances: they take the engine's own client (the Functions app passes its binding's).
        registry.AddActivity(WorkflowNames.StartClusterRun, sp => new StartClusterRunActivity(sp.GetRequiredService<DurableTaskClient>()));
        registry.AddActivity(WorkflowNames.ReadClusterRuns, sp => new ReadClusterRunsActivity(sp.GetRequiredService<DurableTaskClient>()));
        return registry;
    }

    /// <summary>Registers the activities (and the resolver they share) as singletons; every host calls this.</summary>
    public static IServiceCollection AddAttachWorkflows(this IServiceCollection services)
    {
        foreach (var activity in ActivityTypes)
        {
            services.AddSingleton(activity);
        }

        return services;
    }

    /// <summary>The activity types, for hosts that register them in a service collection.</summary>
    public static IReadOnlyList<Type> ActivityTypes { get; } =
    [
        typeof(AttachmentResolver),
        typeof(PlanClusterActivity),
        typeof(EnsureNamespaceActivity),
        typeof(EnsurePrerequisitesActivity),
        typeof(EnsureComputeActivity),
        typeof(EnsureComputeGrantsActivity),
        typeof(PlanCleanupActivity),
        typeof(DetachComputeActivity),
        typeof(ListScopeSubscriptionsActivity),
        typeof(ListClustersInScopeActivity),
    ];
}
