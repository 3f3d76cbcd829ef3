using AttachFunctions.Core.Naming;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Tests.Roles;

/// <summary>
/// Role assignment names are unique across the tenant, not per scope: the product's deterministic name must differ for
/// every scope (and role, and principal), and stay the same for the same grant however the scope is cased.
/// </summary>
public sealed class RoleAssignmentNameTests
{
    private const string Principal = "33333333-0000-0000-0000-000000000001";
    private const string ClusterA = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-01";
    private const string ClusterB = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-02";

    [Fact]
    public void SameRoleAndPrincipal_OnTwoScopes_NeverShareAName()
    {
        var a = DeterministicGuid.ForRoleAssignment(ClusterA, RoleCatalog.Reader.DefinitionGuid, Principal);
        var b = DeterministicGuid.ForRoleAssignment(ClusterB, RoleCatalog.Reader.DefinitionGuid, Principal);
        var parent = DeterministicGuid.ForRoleAssignment("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-arc-edge", RoleCatalog.Reader.DefinitionGuid, Principal);

        Assert.Equal(3, new[] { a, b, parent }.Distinct().Count());
    }

    [Fact]
    public void SameGrant_ScopeCasedOrSlashedDifferently_HasOneName()
    {
        var a = DeterministicGuid.ForRoleAssignment(ClusterA, RoleCatalog.AzureRelayOwner.DefinitionGuid, Principal);
        var b = DeterministicGuid.ForRoleAssignment(ClusterA.ToUpperInvariant() + "/", RoleCatalog.AzureRelayOwner.DefinitionGuid, Principal.ToUpperInvariant());

        Assert.Equal(a, b);
    }
}
