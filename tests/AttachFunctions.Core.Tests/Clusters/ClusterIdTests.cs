using AttachFunctions.Core.Clusters;

namespace AttachFunctions.Core.Tests.Clusters;

public sealed class ClusterIdTests
{
    private const string Canonical =
        "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-west-01";

    public static TheoryData<string> AksVariants => new()
    {
        Canonical,
        "/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-west-01",
        "/SUBSCRIPTIONS/11111111-1111-1111-1111-111111111111/RESOURCEGROUPS/RG-AKS/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AKS-WEST-01",
        "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/microsoft.containerservice/managedclusters/aks-west-01",
        "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-west-01/providers/Microsoft.KubernetesConfiguration/extensions/azureml",
        "/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/RG-AKS/providers/Microsoft.ContainerService/managedClusters/AKS-west-01/providers/microsoft.kubernetesconfiguration/extensions/ml-extension",
    };

    [Theory]
    [MemberData(nameof(AksVariants))]
    public void Parse_AnyCasingOrExtensionId_NormalizesToSameCluster(string id)
    {
        var parsed = ClusterId.Parse(id);

        Assert.Equal(ClusterId.Parse(Canonical), parsed);
        Assert.Equal(ClusterKind.Aks, parsed.Kind);
        Assert.Equal(Canonical.ToLowerInvariant(), parsed.Key);
        Assert.Equal(ClusterId.Parse(Canonical).GetHashCode(), parsed.GetHashCode());
    }

    [Fact]
    public void Parse_CanonicalForm_RebuildsProviderCasing()
    {
        var parsed = ClusterId.Parse(
            "/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/rg-edge/providers/microsoft.kubernetes/connectedclusters/arc-store-7");

        Assert.Equal(ClusterKind.Arc, parsed.Kind);
        Assert.Equal("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-store-7", parsed.Id);
        Assert.Equal("arc-store-7", parsed.Name);
        Assert.Equal("rg-edge", parsed.ResourceGroup);
    }

    [Fact]
    public void Parse_ArcExtensionId_MapsToArcCluster()
    {
        var parsed = ClusterId.Parse(
            "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-1/providers/Microsoft.KubernetesConfiguration/extensions/azureml");

        Assert.Equal(ClusterKind.Arc, parsed.Kind);
        Assert.Equal("arc-1", parsed.Name);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("aks-west-01", "not an Azure resource id")]
    [InlineData(" /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a", "not an Azure resource id")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", "Microsoft.Storage/storageAccounts")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws", "expected an AKS cluster")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg", "expected an AKS cluster")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111", "expected an AKS cluster")]
    [InlineData("/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a", "not a GUID")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a/agentPools/p", "Microsoft.ContainerService/managedClusters/agentPools")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.KubernetesConfiguration/extensions/x", "expected an AKS cluster")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a%2F..%2Fb", "cluster name 'a%2F..%2Fb'")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/-aks", "cluster name '-aks'")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg%2F../providers/Microsoft.ContainerService/managedClusters/aks", "resource group name")]
    public void TryParse_NonClusterId_RejectsWithReason(string id, string reasonFragment)
    {
        Assert.False(ClusterId.TryParse(id, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(reasonFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_VeryLongId_Rejected()
    {
        var id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/" + new string('a', 5000);

        Assert.False(ClusterId.TryParse(id, out _, out var error));
        Assert.Contains("characters long", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_DifferentClusters_AreNotEqual()
    {
        var a = ClusterId.Parse(Canonical);
        var b = ClusterId.Parse(Canonical.Replace("aks-west-01", "aks-west-02", StringComparison.Ordinal));

        Assert.NotEqual(a, b);
        Assert.True(a != b);
    }
}
