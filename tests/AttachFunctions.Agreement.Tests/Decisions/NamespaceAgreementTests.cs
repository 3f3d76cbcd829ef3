using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using k8s;
using static AttachFunctions.Agreement.Tests.Decisions.Agreement;
using static AttachFunctions.Agreement.Tests.SampleWorld;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Agreement.Tests.Decisions;

/// <summary>Plan and EnsureNamespaceAsync agree on the namespace step of arc-edge-01 (namespace ml-edge, reached through the Kubernetes API).</summary>
public sealed class NamespaceAgreementTests
{
    public static TheoryData<string, StepAction, string?> Rows => new()
    {
        { "missing", StepAction.Create, null },
        { "ours and matching", StepAction.None, null },
        { "ours, labels differ", StepAction.Update, null },
        { "not ours", StepAction.Blocked, DiagnosisCodes.NamespaceNotOwned },
        { "terminating", StepAction.Blocked, DiagnosisCodes.NamespaceTerminating },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task PlanAndEnsure_NamespaceState_Agree(string row, StepAction expected, string? code)
    {
        await using var world = await StartAsync();
        var a = Attachment(await PlanAsync(world, ArcEdge1), "ws-research");
        switch (row)
        {
            case "ours and matching":
                await Activities.NamespaceAsync(world, a);
                break;
            case "ours, labels differ":
                world.State.CreateNamespace(ArcEdge1, a.Namespace.Name, new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "attachfunctions" });
                break;
            case "not ours":
                world.State.CreateNamespace(ArcEdge1, a.Namespace.Name);
                break;
            case "terminating":
                await Activities.NamespaceAsync(world, a);
                world.Emulator.Knobs.NamespaceTerminationDuration = TimeSpan.FromMinutes(10);
                using (var kube = await KubernetesClients.ForArcAsync(world, "arc-edge-01"))
                {
                    await kube.CoreV1.DeleteNamespaceAsync(a.Namespace.Name, cancellationToken: Ct);
                }

                break;
        }

        var planned = Step(await PlanAsync(world, ArcEdge1), a, StepKind.Namespace, StepTargets.Namespace(a.Namespace.Name));
        var ensured = await EnsureAsync(() => Activities.NamespaceAsync(world, a));

        Agree(planned, ensured, expected, code);
    }
}
