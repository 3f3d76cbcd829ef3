using AttachFunctions.Cli.Hosting;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Policy;
using AttachFunctions.Emulator;
using AttachFunctions.Infrastructure.Reconciliation;

namespace AttachFunctions.Cli.Demo;

/// <summary>The demo's view of the scenario: its clusters in order, installing extensions, workspaces, and who is who.</summary>
internal sealed class DemoWorld
{
    private static readonly HashSet<string> Installing = new(StringComparer.OrdinalIgnoreCase) { "Creating", "Pending", "Updating", "Installing" };

    public DemoWorld(LocalStack stack, AttachPolicy policy, EmulatorScenario scenario)
    {
        Stack = stack;
        Policy = policy;
        Scenario = scenario;
        Clusters = scenario.Clusters.Select(c =>
        {
            var type = c.Kind.ToString().Equals("Arc", StringComparison.OrdinalIgnoreCase) ? ClusterId.ArcResourceType : ClusterId.AksResourceType;
            var id = ClusterId.Parse($"/subscriptions/{c.SubscriptionId}/resourceGroups/{c.ResourceGroup}/providers/{type}/{c.Name}");
            var installing = c.Extensions.FirstOrDefault(e =>
                e.ExtensionType.Equals(EmulatorIds.MachineLearningExtensionType, StringComparison.OrdinalIgnoreCase) && Installing.Contains(e.ProvisioningState));
            return new DemoCluster(id, installing);
        }).ToList();
        Workspaces = ClusterPlanner.PolicyWorkspaces(policy);
        PreexistingGrants = State.RoleAssignments().Select(r => r.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        PreexistingComputes = Workspaces.SelectMany(w => State.Computes(w.Id).Select(c => w.Id + "/" + c.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public LocalStack Stack { get; }

    public AttachPolicy Policy { get; }

    public EmulatorScenario Scenario { get; }

    public EmulatorState State => Stack.Emulator.State;

    public RequestJournal Journal => Stack.Emulator.Journal;

    public IReadOnlyList<DemoCluster> Clusters { get; }

    public IReadOnlyList<WorkspaceRef> Workspaces { get; }

    public IReadOnlySet<string> PreexistingGrants { get; }

    public IReadOnlySet<string> PreexistingComputes { get; }

    public EventPayloads? Payloads { get; set; }

    public WorkspaceRef? WorkspaceNamed(string name) => Workspaces.FirstOrDefault(w => w.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A readable name for a principal: the compute(s) whose identity it is, or the user-assigned identity.</summary>
    public string PrincipalName(string principalId)
    {
        var computes = Workspaces.SelectMany(w => State.Computes(w.Id).Where(c => c.PrincipalId == principalId).Select(c => $"{w.Name}/{c.Name}")).ToList();
        var identity = Scenario.UserAssignedIdentities.FirstOrDefault(u => u.PrincipalId == principalId);
        if (identity is not null)
        {
            return $"{identity.Name} (user-assigned)";
        }

        return computes.Count > 0 ? string.Join(", ", computes) : principalId;
    }
}

/// <summary>A cluster of the scenario and its ML extension when that is still installing at the start.</summary>
internal sealed record DemoCluster(ClusterId Id, ExtensionSpec? InstallingExtension);
