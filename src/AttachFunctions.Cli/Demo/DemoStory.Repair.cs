using System.Diagnostics;
using System.Globalization;
using AttachFunctions.Cli.Api;
using AttachFunctions.Cli.Output;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Emulator;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask.Client;

namespace AttachFunctions.Cli.Demo;

/// <summary>The drift repair and the summary of the story.</summary>
internal sealed partial class DemoStory
{
    private async Task<RepairResult> RepairAsync(HttpClient http, DemoWorld world, List<Drift> drifts, CancellationToken ct)
    {
        var mark = world.Journal.Entries.Count;
        var started = _clock.Elapsed;
        var fired = await world.Stack.FireDriftRepairTimerAsync(ct);
        Say($"  the drift-repair timer fired: {(fired ? $"started orchestration {InstanceIds.DriftRepair}" : "a run was already going")}");
        OrchestrationMetadata? done = null;
        var lastStatus = "";
        while (done is null)
        {
            var instance = await world.Stack.Engine.Client.GetInstanceAsync(InstanceIds.DriftRepair, getInputsAndOutputs: true, ct);
            if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated })
            {
                done = instance;
                break;
            }

            var status = instance?.SerializedCustomStatus ?? "";
            if (status != lastStatus && status.Length > 0)
            {
                lastStatus = status;
                Say($"  {_clock.Elapsed.TotalSeconds,5:0.0}s  progress {status}");
            }

            await Task.Delay(200, ct);
        }

        var report = done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? done.ReadOutputAs<DriftRepairReport>() : null;
        if (report is null)
        {
            Say($"  the drift repair ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
            return new RepairResult(null, [], [], false, false, _clock.Elapsed - started);
        }

        Say($"  checked {report.Checked} clusters: drifted {report.Drifted}, repaired {report.Repaired}, failed {report.Failed}, blocked {report.Blocked} ({Seconds(_clock.Elapsed - started)})");
        if (report.FailedClusters.Count > 0)
        {
            Say("  failed: " + string.Join(", ", report.FailedClusters.Select(Short)) + " (a run with a diagnosis, e.g. AKS across subscriptions, counts as failed in the fleet report)");
        }

        // What the repair wrote, from the emulator's journal.
        var writes = world.Journal.Entries.Skip(mark)
            .Where(e => (e.Kind is OperationKind.ArmWrite or OperationKind.ArmDelete && !e.Path.EndsWith("/listClusterUserCredential", StringComparison.OrdinalIgnoreCase)) ||
                        (e.Kind == OperationKind.Kubernetes && e.Method is "POST" or "PUT" or "PATCH" or "DELETE"))
            .Where(e => e.Status is >= 200 and < 300)
            .ToList();
        var checks = new List<(string What, bool Repaired)>();
        var allowedComputes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var allowedPrincipals = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var drift in drifts)
        {
            var compute = world.State.Compute(drift.Workspace.Id, drift.Compute);
            bool repaired;
            if (drift.Grant is { } grant)
            {
                repaired = world.State.RoleAssignments(grant.PrincipalId).Any(g => g.Scope.Equals(grant.Scope, StringComparison.OrdinalIgnoreCase) && g.RoleDefinitionGuid.Equals(grant.RoleDefinitionGuid, StringComparison.OrdinalIgnoreCase));
                allowedPrincipals.Add(grant.PrincipalId);
            }
            else
            {
                repaired = compute is { ProvisioningState: "Succeeded" };
                allowedComputes.Add("/computes/" + drift.Compute);
                if (compute?.PrincipalId is { } principal)
                {
                    allowedPrincipals.Add(principal);
                }
            }

            checks.Add(($"{drift.Kind}: {drift.Workspace.Name}/{drift.Compute}", repaired));
        }

        var unexpected = writes.Where(w => !(allowedComputes.Any(c => w.Path.Contains(c, StringComparison.OrdinalIgnoreCase) && !w.Path.Contains(c + "-", StringComparison.OrdinalIgnoreCase)) ||
                                             (w.Path.Contains("/roleAssignments/", StringComparison.OrdinalIgnoreCase) && allowedPrincipals.Any(p => w.Body?.Contains(p, StringComparison.OrdinalIgnoreCase) == true))))
            .ToList();
        Say($"  writes made by the repair ({writes.Count}):");
        foreach (var w in writes)
        {
            Say($"    {w.Method,-6} {ShortPath(w.Path)}");
        }

        foreach (var (what, repaired) in checks)
        {
            Say($"  {(repaired ? "repaired" : "NOT repaired")}: {what}");
        }

        Say(unexpected.Count == 0 ? "  no write touched anything that had not drifted" : $"  UNEXPECTED writes: {string.Join(", ", unexpected.Select(u => u.Method + " " + ShortPath(u.Path)))}");
        var stillDrifted = await PlansConvergedAsync(http, world, ct);
        Say($"  every attachable cluster's plan has no write step again: {(stillDrifted.Count == 0 ? "yes" : "NO: " + string.Join(", ", stillDrifted))}");
        var driftedClusters = drifts.Select(d => d.Cluster.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var exactly = unexpected.Count == 0 && checks.All(c => c.Repaired) && report.RepairedClusters.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(driftedClusters);
        Say($"  clusters repaired: {string.Join(", ", report.RepairedClusters.Select(Short))} (the drifted ones: {(exactly ? "exactly those" : "NOT exactly those")})");
        return new RepairResult(report, checks, writes.Select(w => w.Method + " " + ShortPath(w.Path)).ToList(), exactly, stillDrifted.Count == 0, _clock.Elapsed - started);
    }

    private int Summarize(DemoWorld world, Dictionary<ClusterId, ApiRunStatus> statuses, FinalState final, List<Drift> drifts, RepairResult? repair)
    {
        var counts = Renderers.Count(world.Journal);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var converged = final.Converged && repair is { Exactly: true, ConvergedAfter: true };
        var summary = new DemoSummary(
            Clusters: world.Clusters.Count,
            ClustersAttached: statuses.Count(s => s.Value.Result == RunResults.Converged),
            ClustersDiagnosed: final.Diagnoses.Select(d => d.Cluster).Distinct().Count(),
            NamespacesCreated: final.Namespaces.Count,
            ComputesAttached: final.Computes.Count(c => !c.Preexisting && c.State == "Succeeded"),
            GrantsCreated: final.Grants.Count,
            EventsDelivered: _eventsDelivered,
            DriftsInjected: drifts.Count,
            DriftsRepaired: repair?.Checks.Count(c => c.Repaired) ?? 0,
            RepairWrites: repair?.Writes.Count ?? 0,
            Journal: counts,
            WallTimeSeconds: Math.Round(_clock.Elapsed.TotalSeconds, 1),
            PeakWorkingSetMegabytes: Math.Round(peak / 1024d / 1024d, 0),
            Converged: converged);

        if (_console.Json)
        {
            _console.WriteJson(new
            {
                converged,
                summary,
                computes = final.Computes,
                namespaces = final.Namespaces,
                grants = final.Grants,
                diagnoses = final.Diagnoses,
                drifts = drifts.Select(d => new { kind = d.Kind, cluster = d.Cluster.Id, workspace = d.Workspace.Name, compute = d.Compute }),
                repair = repair is null ? null : new { report = repair.Report, checks = repair.Checks.Select(c => new { what = c.What, repaired = c.Repaired }), writes = repair.Writes },
                log = _log,
            });
        }
        else
        {
            var table = _console.Table("", "Count");
            void Row(string name, object value) => CliConsole.AddRow(table, name, Convert.ToString(value, CultureInfo.InvariantCulture));
            Row("clusters in the scenario", summary.Clusters);
            Row("clusters attached (converged)", summary.ClustersAttached);
            Row("clusters with a diagnosis instead", summary.ClustersDiagnosed);
            Row("Event Grid events delivered", summary.EventsDelivered);
            Row("namespaces created", summary.NamespacesCreated);
            Row("computes attached", summary.ComputesAttached);
            Row("role assignments granted", summary.GrantsCreated);
            Row("drifts injected / repaired", $"{summary.DriftsInjected} / {summary.DriftsRepaired}");
            Row("writes made by the drift repair", summary.RepairWrites);
            Row("ARM reads / writes / deletes", $"{counts.ArmReads} / {counts.ArmWrites} / {counts.ArmDeletes}");
            Row("ARM 429 / 5xx answers (retried)", $"{counts.Throttled429} / {counts.ServerErrors5xx}");
            Row("Kubernetes API calls", counts.KubernetesCalls);
            Row("wall time", $"{summary.WallTimeSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            Row("peak memory (working set)", $"{summary.PeakWorkingSetMegabytes} MB");
            _console.Render(table);
            if (_console.Verbose)
            {
                Renderers.Journal(_console, world.Journal);
            }

            _console.Line(converged
                ? "RESULT: converged. Every expected namespace, compute and grant exists, the blocked clusters carry their diagnosis, and the three drifts were repaired."
                : "RESULT: NOT converged (see the steps above).");
        }

        return converged ? ExitCodes.Converged : ExitCodes.Failures;
    }
}
