using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using AttachFunctions.Cli.Api;
using AttachFunctions.Cli.Output;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Roles;
using AttachFunctions.Emulator;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask.Client;

namespace AttachFunctions.Cli.Demo;

/// <summary>The later steps of the story: final state, drift, repair, summary.</summary>
internal sealed partial class DemoStory
{
    private async Task<FinalState> ShowFinalStateAsync(HttpClient http, DemoWorld world, Dictionary<ClusterId, ApiRunStatus> statuses, CancellationToken ct)
    {
        var computes = world.Workspaces
            .SelectMany(w => world.State.Computes(w.Id).Select(c => new ComputeRow(w.Name, c.Name, Short(c.ResourceId), c.Namespace, c.ProvisioningState, c.IdentityType, world.PreexistingComputes.Contains(w.Id + "/" + c.Name))))
            .OrderBy(c => c.Workspace, StringComparer.Ordinal).ThenBy(c => c.Compute, StringComparer.Ordinal).ToList();
        var namespaces = world.Clusters
            .SelectMany(c => world.State.Namespaces(c.Id.Id)
                .Where(n => n.Labels.TryGetValue(ManagedByLabel, out var by) && by == "attachfunctions")
                .Select(n => new NamespaceRow(c.Id.Name, n.Name, n.Phase, string.Join(",", n.Labels.Where(l => !l.Key.Contains('/', StringComparison.Ordinal)).Select(l => $"{l.Key}={l.Value}")))))
            .ToList();
        var grants = world.State.RoleAssignments()
            .Where(r => !world.PreexistingGrants.Contains(r.Id))
            .Select(r => new GrantRow(world.PrincipalName(r.PrincipalId), RoleName(r.RoleDefinitionGuid), Short(r.Scope), r.PrincipalType))
            .OrderBy(g => g.Principal, StringComparer.Ordinal).ThenBy(g => g.Role, StringComparer.Ordinal).ThenBy(g => g.Scope, StringComparer.Ordinal)
            .ToList();
        var diagnoses = world.Clusters
            .Where(c => statuses.TryGetValue(c.Id, out var s) && s.Report is not null)
            .SelectMany(c => Diagnoses(statuses[c.Id].Report!).Distinct().Select(d => new DiagnosisRow(c.Id.Name, d.Code, d.Message)))
            .ToList();

        var computeTable = _console.Table("Workspace", "Compute", "Cluster", "Namespace", "State", "Identity");
        foreach (var c in computes)
        {
            CliConsole.AddRow(computeTable, c.Workspace, c.Compute + (c.Preexisting ? " (pre-existing)" : ""), c.Cluster, c.Namespace, c.State, c.Identity);
        }

        var namespaceTable = _console.Table("Cluster", "Namespace", "Phase", "Labels");
        foreach (var n in namespaces)
        {
            CliConsole.AddRow(namespaceTable, n.Cluster, n.Namespace, n.Phase, n.Labels);
        }

        var grantTable = _console.Table("Principal", "Role", "Scope", "Type");
        foreach (var g in grants)
        {
            CliConsole.AddRow(grantTable, g.Principal, g.Role, g.Scope, g.PrincipalType);
        }

        var diagnosisTable = _console.Table("Cluster", "Diagnosis", "Why it is not attached");
        foreach (var d in diagnoses)
        {
            CliConsole.AddRow(diagnosisTable, d.Cluster, d.Code, d.Message);
        }

        Say("Computes:");
        _console.Render(computeTable);
        Say("Namespaces created (labelled app.kubernetes.io/managed-by=attachfunctions):");
        _console.Render(namespaceTable);
        Say("Role assignments granted:");
        _console.Render(grantTable);
        Say("Clusters that cannot be attached, and why:");
        _console.Render(diagnosisTable);

        var converged = await PlansConvergedAsync(http, world, ct);
        var failed = statuses.Where(s => s.Value.Result is not (RunResults.Converged or RunResults.Blocked) && !(s.Value.Report is { } r && Diagnoses(r).All(d => ReconcileDiagnosisIsByDesign(d.Code)))).Select(s => s.Key.Name).ToList();
        Say($"Every attachable cluster's plan (GET /api/plan) now has no write step: {(converged.Count == 0 ? "yes" : "NO: " + string.Join(", ", converged))}");
        if (failed.Count > 0)
        {
            Say("Runs that failed: " + string.Join(", ", failed));
        }

        return new FinalState(computes, namespaces, grants, diagnoses, converged.Count == 0 && failed.Count == 0 && computes.Any(c => !c.Preexisting && c.State == "Succeeded"));
    }

    /// <summary>Clusters whose plan (GET /api/plan) still has a write step; empty when everything converged.</summary>
    private static async Task<List<string>> PlansConvergedAsync(HttpClient http, DemoWorld world, CancellationToken ct)
    {
        var notConverged = new List<string>();
        foreach (var cluster in world.Clusters.Where(c => world.Policy.Scope.Contains(c.Id.Id, out _)))
        {
            var plan = (await http.GetFromJsonAsync<ApiPlan>("api/plan?clusterId=" + Uri.EscapeDataString(cluster.Id.Id), CliConsole.JsonOptions, ct))?.Plan;
            if (plan is null || (plan.Blockers.Count == 0 && plan.WriteCount > 0))
            {
                notConverged.Add(cluster.Id.Name);
            }
        }

        return notConverged;
    }

    private static bool ReconcileDiagnosisIsByDesign(string code) =>
        code is Core.Diagnostics.DiagnosisCodes.AksCrossSubscription or Core.Diagnostics.DiagnosisCodes.ExtensionMissing or Core.Diagnostics.DiagnosisCodes.ExtensionFailed
            or Core.Diagnostics.DiagnosisCodes.ExtensionNotReady or Core.Diagnostics.DiagnosisCodes.NoMatchingRule or Core.Diagnostics.DiagnosisCodes.ClusterOutOfScope;

    private List<Drift> InjectDrift(DemoWorld world, Dictionary<ClusterId, ApiRunStatus> statuses)
    {
        var attached = world.Clusters
            .Where(c => statuses.TryGetValue(c.Id, out var s) && s.Result == RunResults.Converged && s.Report is not null)
            .SelectMany(c => statuses[c.Id].Report!.Attachments.Select(a => (Cluster: c.Id, Key: a.Key)))
            .Select(a =>
            {
                var parts = a.Key.Split('/');
                var ws = world.WorkspaceNamed(parts[0]);
                var compute = ws is null ? null : world.State.Compute(ws.Id, parts[1]);
                return (a.Cluster, Workspace: ws, Compute: compute);
            })
            .Where(a => a.Workspace is not null && a.Compute is { ProvisioningState: "Succeeded" })
            .ToList();
        if (attached.Count < 3)
        {
            Say($"  Only {attached.Count} attached compute(s): the drift step needs three. Skipped.");
            return [];
        }

        var first = attached[0];
        var second = attached.FirstOrDefault(a => a.Cluster != first.Cluster && a.Compute!.IdentityType == "SystemAssigned" && a.Compute.PrincipalId is { } p && world.State.RoleAssignments(p).Count > 0);
        if (second.Compute is null)
        {
            second = attached.First(a => a.Compute != first.Compute && a.Compute!.PrincipalId is { } p && world.State.RoleAssignments(p).Count > 0);
        }

        var third = attached.LastOrDefault(a => a.Cluster != first.Cluster && a.Cluster != second.Cluster);
        if (third.Compute is null)
        {
            third = attached.Last(a => a.Compute != first.Compute && a.Compute != second.Compute);
        }

        var grant = world.State.RoleAssignments(second.Compute!.PrincipalId!).OrderBy(g => g.Scope, StringComparer.Ordinal).ThenBy(g => g.RoleDefinitionGuid, StringComparer.Ordinal).First();
        world.State.DeleteCompute(first.Workspace!.Id, first.Compute!.Name);
        world.State.DeleteRoleAssignment(grant.Id);
        world.State.SetComputeFailed(third.Workspace!.Id, third.Compute!.Name);
        var drifts = new List<Drift>
        {
            new("compute detached", first.Cluster, first.Workspace, first.Compute.Name, null),
            new("grant deleted", second.Cluster, second.Workspace!, second.Compute.Name, grant),
            new("compute Failed", third.Cluster, third.Workspace, third.Compute.Name, null),
        };
        Say($"  1. compute {first.Workspace.Name}/{first.Compute.Name} on {first.Cluster.Name} detached (deleted from the workspace)");
        Say($"  2. grant {RoleName(grant.RoleDefinitionGuid)} on {Short(grant.Scope)} for {second.Workspace!.Name}/{second.Compute.Name}'s identity deleted");
        Say($"  3. compute {third.Workspace.Name}/{third.Compute.Name} on {third.Cluster.Name} set to Failed");
        return drifts;
    }

    private async Task ShowDriftPlansAsync(HttpClient http, List<Drift> drifts, CancellationToken ct)
    {
        Say("What the plan (GET /api/plan) now says for the drifted clusters:");
        var table = _console.Table("Cluster", "Attachment", "Step", "Action", "Reason");
        foreach (var cluster in drifts.Select(d => d.Cluster).Distinct())
        {
            var plan = (await http.GetFromJsonAsync<ApiPlan>("api/plan?clusterId=" + Uri.EscapeDataString(cluster.Id), CliConsole.JsonOptions, ct))?.Plan;
            foreach (var attachment in plan?.Attachments ?? [])
            {
                foreach (var step in attachment.Steps.Where(s => s.WritesSomething))
                {
                    CliConsole.AddRow(table, cluster.Name, attachment.Key, step.Kind.ToString(), step.Action.ToString(), step.Reason);
                    if (!_console.Interactive)
                    {
                        Say($"  {cluster.Name}: {attachment.Key} {step.Kind} {step.Action}: {step.Reason}");
                    }
                }
            }
        }

        if (!_console.Json && _console.Interactive)
        {
            _console.Render(table);
        }
    }

    private static string RoleName(string definitionGuid) =>
        Guid.TryParse(definitionGuid, out var g) && RoleCatalog.FindByGuid(g) is { } role ? role.DisplayName : definitionGuid;

    private static string ShortPath(string path)
    {
        var providers = path.LastIndexOf("/providers/", StringComparison.OrdinalIgnoreCase);
        return providers < 0 ? path : "…" + path[providers..];
    }

    private sealed record Drift(string Kind, ClusterId Cluster, WorkspaceRef Workspace, string Compute, RoleAssignmentInfo? Grant);

    private sealed record FinalState(IReadOnlyList<ComputeRow> Computes, IReadOnlyList<NamespaceRow> Namespaces, IReadOnlyList<GrantRow> Grants, IReadOnlyList<DiagnosisRow> Diagnoses, bool Converged);

    private sealed record RepairResult(DriftRepairReport? Report, IReadOnlyList<(string What, bool Repaired)> Checks, IReadOnlyList<string> Writes, bool Exactly, bool ConvergedAfter, TimeSpan Took);
}

internal sealed record ComputeRow(string Workspace, string Compute, string Cluster, string Namespace, string State, string Identity, bool Preexisting);

internal sealed record NamespaceRow(string Cluster, string Namespace, string Phase, string Labels);

internal sealed record GrantRow(string Principal, string Role, string Scope, string PrincipalType);

internal sealed record DiagnosisRow(string Cluster, string Code, string Message);

internal sealed record DemoSummary(
    int Clusters,
    int ClustersAttached,
    int ClustersDiagnosed,
    int NamespacesCreated,
    int ComputesAttached,
    int GrantsCreated,
    int EventsDelivered,
    int DriftsInjected,
    int DriftsRepaired,
    int RepairWrites,
    JournalCounts Journal,
    double WallTimeSeconds,
    double PeakWorkingSetMegabytes,
    bool Converged);
