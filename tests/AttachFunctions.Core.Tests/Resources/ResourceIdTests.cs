using AttachFunctions.Core.Resources;

namespace AttachFunctions.Core.Tests.Resources;

public sealed class ResourceIdTests
{
    private const string Sub = "11111111-1111-1111-1111-111111111111";

    [Theory]
    [InlineData($"/subscriptions/{Sub}", "Microsoft.Resources/subscriptions", Sub, null)]
    [InlineData($"/subscriptions/{Sub}/resourceGroups/rg-ml", "Microsoft.Resources/resourceGroups", "rg-ml", "rg-ml")]
    [InlineData($"/subscriptions/{Sub}/resourceGroups/rg-ml/providers/Microsoft.ContainerRegistry/registries/cr1", "Microsoft.ContainerRegistry/registries", "cr1", "rg-ml")]
    [InlineData($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/c1", "Microsoft.Storage/storageAccounts/blobServices/containers", "c1", "rg")]
    [InlineData($"/SUBSCRIPTIONS/{Sub}/RESOURCEGROUPS/RG/PROVIDERS/Microsoft.ContainerService/managedClusters/aks1/", "Microsoft.ContainerService/managedClusters", "aks1", "RG")]
    [InlineData($"/subscriptions/{Sub}/providers/Microsoft.Authorization/roleDefinitions/7f951dda", "Microsoft.Authorization/roleDefinitions", "7f951dda", null)]
    [InlineData($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc1/providers/Microsoft.KubernetesConfiguration/extensions/azureml", "Microsoft.KubernetesConfiguration/extensions", "azureml", "rg")]
    public void TryParse_ValidId_GivesTypeNameAndGroup(string text, string type, string name, string? group)
    {
        Assert.True(ResourceId.TryParse(text, out var id));

        Assert.Equal(type, id!.ResourceType);
        Assert.Equal(name, id.Name);
        Assert.Equal(group, id.ResourceGroupName);
        Assert.Equal(Sub, id.SubscriptionId);
        Assert.Equal(text.TrimEnd('/'), id.ToString());
    }

    [Fact]
    public void Parent_OfAnExtensionAndAChild_IsTheResourceItIsIn()
    {
        var extension = ResourceId.Parse($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc1/providers/Microsoft.KubernetesConfiguration/extensions/azureml");
        var container = ResourceId.Parse($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/c1");

        Assert.Equal($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc1", extension.Parent!.ToString());
        Assert.Equal("Microsoft.Kubernetes/connectedClusters", extension.Parent.ResourceType);
        Assert.Equal("Microsoft.Storage/storageAccounts/blobServices", container.Parent!.ResourceType);
        Assert.Equal("Microsoft.Storage/storageAccounts", container.Parent.Parent!.ResourceType);
        Assert.Equal("Microsoft.Resources/resourceGroups", container.Parent.Parent.Parent!.ResourceType);
        Assert.Equal("Microsoft.Resources/subscriptions", container.Parent.Parent.Parent.Parent!.ResourceType);
        Assert.Null(container.Parent.Parent.Parent.Parent.Parent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("subscriptions/x")]
    [InlineData("/subscriptions")]
    [InlineData("/resourceGroups/rg")]
    [InlineData($"/subscriptions/{Sub}/resourceGroups")]
    [InlineData($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts")]
    [InlineData($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices")]
    [InlineData($"/subscriptions/{Sub}/resourceGroups/rg/things/x")]
    [InlineData($"/subscriptions/{Sub}//resourceGroups/rg")]
    public void TryParse_NotAnId_IsRefused(string? text)
    {
        Assert.False(ResourceId.TryParse(text, out var id));
        Assert.Null(id);
        Assert.Throws<FormatException>(() => ResourceId.Parse(text ?? ""));
    }
}
