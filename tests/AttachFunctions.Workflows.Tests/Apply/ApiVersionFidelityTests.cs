using System.Reflection;
using AttachFunctions.Emulator;
using AttachFunctions.Infrastructure.Arm;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>
/// The product sends only api-versions Azure publishes for the types it addresses: the emulator refuses any other as
/// ARM does (400 NoRegisteredProviderFound / InvalidApiVersionParameter; table and sources: PublishedApiVersions), so
/// a move of <see cref="ArmApiVersions"/> to an unpublished version fails here, not in Azure.
/// </summary>
public sealed class ApiVersionFidelityTests
{
    /// <summary>Which resource types each pinned version is sent to (ArmGateway). A new constant must be added here.</summary>
    private static readonly Dictionary<string, string[]> TypesByConstant = new(StringComparer.Ordinal)
    {
        [nameof(ArmApiVersions.MachineLearning)] = ["Microsoft.MachineLearningServices/workspaces", "Microsoft.MachineLearningServices/workspaces/computes"],
        [nameof(ArmApiVersions.Authorization)] = ["Microsoft.Authorization/roleAssignments"],
        [nameof(ArmApiVersions.KubernetesConfiguration)] = ["Microsoft.KubernetesConfiguration/extensions"],
        [nameof(ArmApiVersions.ContainerService)] = ["Microsoft.ContainerService/managedClusters", "Microsoft.ContainerService/managedClusters/managedNamespaces"],
        [nameof(ArmApiVersions.ConnectedClusters)] = ["Microsoft.Kubernetes/connectedClusters"],
        [nameof(ArmApiVersions.Relay)] = ["Microsoft.Relay/namespaces"],
        [nameof(ArmApiVersions.ManagedIdentity)] = ["Microsoft.ManagedIdentity/userAssignedIdentities"],
    };

    [Fact]
    public void ProductApiVersions_EachIsPublishedForEveryTypeItIsSentTo()
    {
        var constants = typeof(ArmApiVersions).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();

        Assert.Equal(TypesByConstant.Keys.Order(StringComparer.Ordinal), constants.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(constants, field =>
        {
            var version = (string)field.GetRawConstantValue()!;
            Assert.All(TypesByConstant[field.Name], type =>
                Assert.True(PublishedApiVersions.IsPublished(type, version), $"ArmApiVersions.{field.Name} = {version} is not published for {type}"));
        });
    }

    [Fact]
    public async Task Reconcile_EveryAttachableCluster_NoRequestIsRefusedForItsApiVersion_AndAllConverge()
    {
        await using var world = await StartAsync();
        FinishExtensionInstalls(world);

        foreach (var cluster in AttachableClusters)
        {
            var report = await world.ReconcileAsync(cluster);
            Assert.True(report.Converged, report.Describe());
        }

        var journal = world.Emulator.Journal;
        Assert.True(journal.Writes > 0, "nothing was written: the run proved nothing");
        Assert.DoesNotContain(journal.Entries, e => e.ErrorCode is "NoRegisteredProviderFound" or "InvalidApiVersionParameter");
    }
}
