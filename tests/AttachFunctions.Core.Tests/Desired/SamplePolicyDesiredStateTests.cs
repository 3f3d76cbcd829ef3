using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Roles;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Core.Tests.Desired;

/// <summary>The sample policy applied to the clusters of the sample world: exactly the attachments and grants its rules say.</summary>
public sealed class SamplePolicyDesiredStateTests
{
    private const string Sub1 = "11111111-1111-1111-1111-111111111111";
    private const string Registry = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.ContainerRegistry/registries/crmlshared";
    private const string Storage = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stmlshared";
    private const string WsProdIdentity = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ws-prod";

    private static readonly AttachPolicy Sample = PolicyLoader.LoadValid(File.ReadAllText(RepoPaths.Combine("samples", "policy.json")));

    private static ClusterInfo Cluster(string id, params (string, string)[] tags) =>
        new(ClusterId.Parse(id), "westeurope", tags.ToDictionary(t => t.Item1, t => t.Item2, StringComparer.OrdinalIgnoreCase));

    [Fact]
    public void SamplePolicy_AksClusterWithTeamTag_TwoAttachmentsWithTheirGrants()
    {
        var state = DesiredStateBuilder.Build(Sample, Cluster(
            $"/subscriptions/{Sub1}/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01", ("ml", "enabled"), ("team", "research")));

        Assert.Equal("aks-ml-enabled", state.RuleName);
        var rows = state.Attachments
            .Select(a => (a.Key, a.Namespace.Name, a.Identity.Type, a.Identity.UserAssignedIdentityId, Grants: string.Join(" | ", a.ComputeGrants.Select(g => $"{g.Role.Name}@{g.Scope}"))))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            [
                ("ws-prod/aks-research-p", "prod-research", ComputeIdentityType.UserAssigned, (string?)WsProdIdentity, $"AcrPull@{Registry} | StorageBlobDataContributor@{Storage}"),
                ("ws-research/aks-research-r", "research-research", ComputeIdentityType.SystemAssigned, null, $"AcrPull@{Registry} | StorageBlobDataReader@{Storage}"),
            ],
            rows);
        Assert.All(state.Attachments, a => Assert.Equal(
            [RoleCatalog.Reader, RoleCatalog.KubernetesExtensionContributor, RoleCatalog.AksClusterAdmin],
            a.WorkspacePrerequisites.Select(p => p.Role)));
        Assert.Equal(NamespaceAccessStrategy.ManagedNamespace, state.Attachments[0].Namespace.Access);
        Assert.Equal("cpu-small", state.Attachments.Single(a => a.Workspace.Name == "ws-research").DefaultInstanceType);
    }

    [Fact]
    public void SamplePolicy_ArcCluster_SharedNamespaceFromKeyVaultAndRelayOwner()
    {
        var state = DesiredStateBuilder.Build(Sample, Cluster(
            $"/subscriptions/{Sub1}/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-01", ("ml", "enabled")));

        Assert.Equal("arc-edge", state.RuleName);
        Assert.Equal(["ws-prod/arc-edge-01-p", "ws-research/arc-edge-01-r"], state.Attachments.Select(a => a.Key).Order(StringComparer.Ordinal));
        Assert.All(state.Attachments, a =>
        {
            Assert.Equal("ml-edge", a.Namespace.Name);
            Assert.True(a.Namespace.Shared);
            Assert.Equal(new KeyVaultKubeconfigRef("https://kv-attach.vault.azure.net/", "kubeconfig-arc-edge-01"), a.Namespace.KeyVault);
            Assert.Equal([$"AcrPull@{Registry}"], a.ComputeGrants.Select(g => $"{g.Role.Name}@{g.Scope}"));
            Assert.Contains(a.WorkspacePrerequisites, p => p.Role == RoleCatalog.AzureRelayOwner);
        });
    }

    [Fact]
    public void SamplePolicy_AksWithoutTeamTag_MatchesNoRule()
    {
        var state = DesiredStateBuilder.Build(Sample, Cluster(
            $"/subscriptions/{Sub1}/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-x", ("ml", "enabled")));

        Assert.Null(state.RuleName);
        Assert.Empty(state.Attachments);
    }

    [Fact]
    public void SamplePolicy_AksInTheSecondSubscription_IsCrossSubscriptionForEveryAttachment()
    {
        var state = DesiredStateBuilder.Build(Sample, Cluster(
            "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-aks-partner/providers/Microsoft.ContainerService/managedClusters/aks-partner-01",
            ("ml", "enabled"), ("team", "partner")));

        Assert.Empty(state.Attachments);
        Assert.Equal(2, state.AttachmentIssues.Count);
        Assert.All(state.AttachmentIssues, i => Assert.Equal(DiagnosisCodes.AksCrossSubscription, i.Diagnosis.Code));
    }

    [Fact]
    public void SamplePolicy_ClusterInUnlistedSubscription_IsOutOfScope()
    {
        var state = DesiredStateBuilder.Build(Sample, Cluster(
            "/subscriptions/99999999-9999-9999-9999-999999999999/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-other",
            ("ml", "enabled"), ("team", "x")));

        Assert.Equal(DiagnosisCodes.ClusterOutOfScope, Assert.Single(state.Blockers).Code);
    }
}
