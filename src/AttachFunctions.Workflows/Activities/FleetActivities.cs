using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Policy;
using AttachFunctions.Infrastructure;

namespace AttachFunctions.Workflows.Activities;

/// <summary>The subscriptions of the policy's scope (the input is ignored: the policy is injected).</summary>
public sealed class ListScopeSubscriptionsActivity : WorkflowActivity<string, IReadOnlyList<string>>
{
    private readonly AttachPolicy _policy;

    public ListScopeSubscriptionsActivity(AttachPolicy policy)
    {
        _policy = policy;
    }

    public override Task<IReadOnlyList<string>> ExecuteAsync(string input, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>(_policy.Scope.Subscriptions
            .Select(s => Guid.TryParse(s, out var g) ? g.ToString("D") : s)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToArray());
}

/// <summary>
/// The clusters of one subscription that are in scope and matched by a rule: two LIST calls (AKS and Arc), then the
/// policy in memory. The input is the subscription id.
/// </summary>
public sealed class ListClustersInScopeActivity : WorkflowActivity<string, IReadOnlyList<string>>
{
    private readonly AttachPolicy _policy;
    private readonly AttachRuntime _runtime;

    public ListClustersInScopeActivity(AttachPolicy policy, AttachRuntime runtime)
    {
        _policy = policy;
        _runtime = runtime;
    }

    public override async Task<IReadOnlyList<string>> ExecuteAsync(string input, CancellationToken ct) =>
        await StepFailures.GuardAsync<IReadOnlyList<string>>(
            async () =>
            {
                var clusters = await _runtime.Arm.ListClustersAsync(input, ct);
                return clusters
                    .Where(c => DesiredStateBuilder.Build(_policy, c.ToInfo()).IsManaged)
                    .Select(c => c.Id.Id)
                    .Order(StringComparer.OrdinalIgnoreCase)
                    .ToArray();
            },
            _ => []);
}
