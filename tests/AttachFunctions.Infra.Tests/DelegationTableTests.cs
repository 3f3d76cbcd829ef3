using System.Text.Json.Nodes;
using AttachFunctions.Core.Roles;
using static AttachFunctions.Infra.Tests.TestDeployment;

namespace AttachFunctions.Infra.Tests;

/// <summary>
/// The request table played against the conditions of the COMPILED template: what a (compromised) automation could
/// grant, to whom and where, is what the table says, for writes and deletes alike.
/// </summary>
public sealed class DelegationTableTests(CompiledTemplate template)
{
    public static TheoryData<string> RowNames => new(DelegationRequestTable.Rows.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(RowNames))]
    public void RoleAssignmentWrite_AsTheTableSays(string row) => Plays(row, AbacRequest.WriteAction);

    [Theory]
    [MemberData(nameof(RowNames))]
    public void RoleAssignmentDelete_MirrorsTheWrite(string row) => Plays(row, AbacRequest.DeleteAction);

    [Fact]
    public void Table_AsAWhole_HoldsOnTheCompiledTemplate()
    {
        var failures = DelegationRequestTable.Failures(template.Copy());

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void ClusterRoles_WithoutWorkspaceIdentities_AreNotDelegatedAtAll()
    {
        var root = template.Copy();
        var authority = DelegatedAuthority.Of(root, Parameters(p => p["workspaceIdentityPrincipalIds"] = new JsonArray()));

        Assert.DoesNotContain(authority.Delegations, d => DelegatedAuthority.Covers(d.ScopeId, Cluster));
        Assert.False(authority.Allows(new AbacRequest(AbacRequest.WriteAction, RoleCatalog.AksClusterAdmin.DefinitionGuid, WorkspaceIdentity, "ServicePrincipal"), Cluster));
        Assert.False(authority.Allows(new AbacRequest(AbacRequest.WriteAction, RoleCatalog.Reader.DefinitionGuid, UnknownServicePrincipal, "ServicePrincipal"), ClusterGroup));
    }

    [Fact]
    public void Delegations_AreOneConditionedAssignmentPerListedScope()
    {
        var delegations = DelegatedAuthority.Of(template.Copy(), Parameters()).Delegations;

        Assert.Equal(
            new[] { ClusterGroup, Registry, StorageAccount }.Order(StringComparer.OrdinalIgnoreCase),
            delegations.Select(d => d.ScopeId).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(delegations, d => Assert.NotEqual(string.Empty, d.Condition));
    }

    [Theory]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv1")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-shared")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-shared/providers/Microsoft.Storage/storageAccounts/stml1/blobServices/default/containers/data")]
    public void ComputeGrantScope_OfAnotherResourceType_FailsTheDeploymentNamingTheParameter(string scopeId)
    {
        var parameters = Parameters(p => p["computeGrantScopeIds"] = new JsonArray(Registry, scopeId));

        var failure = Assert.Throws<DeploymentFailsException>(() => DelegatedAuthority.Of(template.Copy(), parameters));

        Assert.Contains("computeGrantScopeIds", failure.Message, StringComparison.Ordinal);
        Assert.Contains(scopeId, failure.Message, StringComparison.Ordinal);
    }

    private void Plays(string name, string action)
    {
        var row = DelegationRequestTable.Rows.Single(r => r.Name == name);

        var allowed = DelegationRequestTable.Decide(template.Copy(), row, action);

        Assert.True(allowed == row.Allowed, $"{name} ({action}): {(allowed ? "allowed" : "denied")}, expected {(row.Allowed ? "allowed" : "denied")}");
    }
}
