using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>
/// AKS managed namespaces are long-running operations that can end Failed (azure-rest-api-specs
/// <c>aks/ManagedNamespace.tsp</c>): the product polls each to its end and reports Azure's own error, never a status
/// of its own making, and reads "exists outside ARM" only when Azure says so.
/// </summary>
public sealed class ManagedNamespaceOperationTests
{
    private const string Namespace = "research-research";
    private const string Code = "QuotaExceeded";
    private const string Message = "Managed namespace quota of 20 for managed cluster 'aks-research-01' would be exceeded.";

    [Fact]
    public async Task Reconcile_ManagedNamespaceOperationEndsFailed_ReportsAzuresCodeAndMessage_AndDoesNotAttach()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        state.FailManagedNamespaceOperations(AksResearch, Namespace, Code, Message);

        var report = await world.ReconcileAsync(AksResearch);

        var research = report.Attachments.Single(a => a.Key == "ws-research/aks-research-r");
        var failed = Assert.Single(research.Steps, s => s.Outcome == StepOutcomeKind.Failed);
        Assert.Equal(StepKind.Namespace, failed.Kind);
        Assert.Equal(DiagnosisCodes.ManagedNamespaceOperationFailed, failed.Diagnosis!.Code);
        Assert.Contains(Code, failed.Diagnosis.Message, StringComparison.Ordinal);
        Assert.Contains(Message, failed.Diagnosis.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("409", failed.Diagnosis.Message, StringComparison.Ordinal);
        Assert.Null(state.Compute(Research, "aks-research-r"));
        Assert.DoesNotContain(state.Namespaces(AksResearch), n => n.Name == Namespace);
        Assert.Equal("Failed", state.ManagedNamespace(AksResearch, Namespace)!.ProvisioningState);
    }

    [Fact]
    public async Task Reconcile_ManagedNamespaceOperationFailsWithATransientCode_IsRetriedToSucceeded_NotReadAsExistsOutsideArm()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        state.FailManagedNamespaceOperations(AksResearch, Namespace, "Conflict", "Namespace research-research already has an operation in progress.");

        var report = await world.ReconcileAsync(AksResearch);

        Assert.True(report.Converged, report.Describe());
        Assert.Equal("Succeeded", state.ManagedNamespace(AksResearch, Namespace)!.ProvisioningState);
        var ns = state.Namespaces(AksResearch).Single(n => n.Name == Namespace);
        Assert.Equal("true", ns.Labels["kubernetes.azure.com/managedByArm"]);
        Assert.Equal("attachfunctions", ns.Labels["app.kubernetes.io/managed-by"]);
        Assert.NotNull(state.Compute(Research, "aks-research-r"));
    }

    [Fact]
    public async Task ForeignNamespace_RefusedByAdoptionNever_IsNotAdoptedOnTheNextRun_AndIsLeftUntouched()
    {
        await using var world = await StartAsync();
        var state = world.Emulator.State;
        state.CreateNamespace(AksResearch, Namespace, new Dictionary<string, string> { ["owner"] = "someone-else" });

        var first = await world.ReconcileAsync(AksResearch);
        var second = await world.ReconcileAsync(AksResearch);

        foreach (var report in new[] { first, second })
        {
            var research = report.Attachments.Single(a => a.Key == "ws-research/aks-research-r");
            var failed = Assert.Single(research.Steps, s => s.Outcome == StepOutcomeKind.Failed);
            Assert.Equal(DiagnosisCodes.NamespaceNotOwned, failed.Diagnosis!.Code);
        }

        var ns = state.Namespaces(AksResearch).Single(n => n.Name == Namespace);
        Assert.Equal("someone-else", ns.Labels["owner"]);
        Assert.DoesNotContain("kubernetes.azure.com/managedByArm", ns.Labels.Keys);
        Assert.DoesNotContain("app.kubernetes.io/managed-by", ns.Labels.Keys);
        Assert.Null(state.Compute(Research, "aks-research-r"));
    }
}
