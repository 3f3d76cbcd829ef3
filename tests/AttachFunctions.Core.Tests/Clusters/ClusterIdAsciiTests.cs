using AttachFunctions.Core.Clusters;

namespace AttachFunctions.Core.Tests.Clusters;

/// <summary>One case rule for keys, equality and hashing: ids are ASCII, folded with ASCII case only.</summary>
public sealed class ClusterIdAsciiTests
{
    private const string Aks = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-west-01";

    [Theory]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-a\u212As/providers/Microsoft.ContainerService/managedClusters/aks-west-01", "U+212A")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-\u0131nfra/providers/Microsoft.ContainerService/managedClusters/aks-west-01", "U+0131")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-\u0130nfra/providers/Microsoft.ContainerService/managedClusters/aks-west-01", "U+0130")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/a\u212As-west-01", "U+212A")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/r\u00E9seau/providers/Microsoft.Kubernetes/connectedClusters/arc-1", "U+00E9")]
    public void Parse_NonAsciiCharacter_IsRefusedNamingTheCharacter(string id, string codePoint)
    {
        Assert.False(ClusterId.TryParse(id, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains("non-ASCII", error, StringComparison.Ordinal);
        Assert.Contains(codePoint, error, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyEqualityAndHash_AsciiCaseVariants_AreOneCluster()
    {
        var canonical = ClusterId.Parse(Aks);
        var shouting = ClusterId.Parse(Aks.ToUpperInvariant().Replace("/SUBSCRIPTIONS/", "/subscriptions/", StringComparison.Ordinal));

        Assert.Equal(canonical, shouting);
        Assert.Equal(canonical.Key, shouting.Key);
        Assert.Equal(canonical.GetHashCode(), shouting.GetHashCode());
        Assert.Equal(canonical.Key, canonical.Id.ToLowerInvariant());
        Assert.Single(new HashSet<ClusterId> { canonical, shouting });
    }
}
