using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Tests;

public sealed class RoleCatalogTests
{
    [Fact]
    public void All_Guids_AreUnique()
    {
        Assert.Equal(RoleCatalog.All.Count, RoleCatalog.All.Select(r => r.DefinitionGuid).Distinct().Count());
    }

    [Theory]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d")]
    [InlineData("/providers/Microsoft.Authorization/roleDefinitions/7F951DDA-4ED3-4680-A7CA-43FE172D538D")]
    public void ParseDefinitionGuid_AnyArmForm_ReturnsTrailingGuid(string id)
    {
        Assert.Equal(RoleCatalog.AcrPull.DefinitionGuid, RoleCatalog.ParseDefinitionGuid(id));
    }

    [Fact]
    public void FindComputeGrant_PrerequisiteRole_IsNotAComputeGrant()
    {
        Assert.Null(RoleCatalog.FindComputeGrant("AksClusterAdmin"));
        Assert.Same(RoleCatalog.AcrPull, RoleCatalog.FindComputeGrant("AcrPull"));
    }
}
