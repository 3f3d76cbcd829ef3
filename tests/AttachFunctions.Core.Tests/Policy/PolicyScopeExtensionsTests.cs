using AttachFunctions.Core.Policy;

namespace AttachFunctions.Core.Tests.Policy;

public sealed class PolicyScopeExtensionsTests
{
    private static readonly PolicyScope SubscriptionsOnly = new()
    {
        Subscriptions = ["11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"],
    };

    private static readonly PolicyScope WithResourceGroups = SubscriptionsOnly with
    {
        ResourceGroups =
        [
            "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks",
            "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-edge",
        ],
    };

    [Theory]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/RG-AKS/providers/microsoft.containerservice/managedclusters/aks1")]
    [InlineData("/SUBSCRIPTIONS/11111111-1111-1111-1111-111111111111/RESOURCEGROUPS/rg-Aks/providers/Microsoft.ContainerService/managedClusters/aks1")]
    [InlineData("/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/arc1/providers/Microsoft.KubernetesConfiguration/extensions/azureml")]
    [InlineData("/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-edge")]
    public void Contains_IdInsideListedResourceGroup_IsTrue(string id)
    {
        Assert.True(WithResourceGroups.Contains(id, out var reason), reason);
    }

    [Theory]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws", "resource group 'rg-ml'")]
    [InlineData("/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1", "resource group 'rg-aks'")]
    [InlineData("/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1", "33333333-3333-3333-3333-333333333333")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111", "not in a resource group")]
    [InlineData("not-an-id", "not an Azure resource id")]
    [InlineData("", "not an Azure resource id")]
    public void Contains_IdOutside_IsFalseWithReason(string id, string reasonFragment)
    {
        Assert.False(WithResourceGroups.Contains(id, out var reason));
        Assert.Contains(reasonFragment, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/anything/providers/Microsoft.Storage/storageAccounts/st", true)]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111", true)]
    [InlineData("/Subscriptions/22222222-2222-2222-2222-222222222222/resourcegroups/x/providers/Microsoft.Kubernetes/connectedClusters/c", true)]
    [InlineData("/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", false)]
    public void Contains_SubscriptionsOnlyScope_ChecksSubscription(string id, bool expected)
    {
        Assert.Equal(expected, SubscriptionsOnly.Contains(id, out _));
    }

    [Fact]
    public void Contains_UppercaseSubscriptionInScope_MatchesLowercaseId()
    {
        var scope = new PolicyScope { Subscriptions = ["AAAAAAAA-1111-1111-1111-111111111111"] };

        Assert.True(scope.Contains("/subscriptions/aaaaaaaa-1111-1111-1111-111111111111/resourceGroups/rg", out var reason), reason);
    }
}
