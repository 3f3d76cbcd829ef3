namespace AttachFunctions.Infra.Tests;

/// <summary>The evaluator knows exactly the condition syntax the Bicep uses and refuses anything else.</summary>
public sealed class AbacConditionTests
{
    private const string Role = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private const string Self = "a0a0a0a0-0000-4000-8000-000000000001";

    private static readonly AbacRequest Write =
        new(AbacRequest.WriteAction, Guid.Parse(Role), Guid.Parse("c0c0c0c0-0000-4000-8000-000000000004"), "ServicePrincipal");

    [Theory]
    [InlineData("@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {" + Role + "}", true)]
    [InlineData("@Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAllValues:GuidNotEquals {" + Self + "}", true)]
    [InlineData("@Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAllValues:GuidNotEquals {" + Self + ", c0c0c0c0-0000-4000-8000-000000000004}", false)]
    [InlineData("@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'serviceprincipal'}", true)]
    [InlineData("!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}) OR (@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'User'})", false)]
    [InlineData("NOT (ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})", true)]
    public void KnownSyntax_IsEvaluatedAsDocumented(string condition, bool expected) =>
        Assert.Equal(expected, AbacCondition.Parse(condition).Allows(Write));

    [Theory]
    [InlineData("@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAllOfAnyValues:GuidEquals {" + Role + "}")]
    [InlineData("@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEqualsOrNull {" + Role + "}")]
    [InlineData("@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] GuidEquals " + Role)]
    [InlineData("@Request[Microsoft.Authorization/roleAssignments:Scope] ForAnyOfAnyValues:StringEqualsIgnoreCase {'x'}")]
    [InlineData("@Principal[Microsoft.Directory/CustomSecurityAttributes/Id:Team] ForAnyOfAnyValues:StringEqualsIgnoreCase {'x'}")]
    [InlineData("@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:GuidEquals {" + Role + "}")]
    [InlineData("@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {not-a-guid}")]
    [InlineData("ActionMatches{'Microsoft.Authorization/roleAssignments/*'}")]
    [InlineData("SubOperationMatches{'x'}")]
    [InlineData("ActionMatches{'a'} AND ActionMatches{'b'} OR ActionMatches{'c'}")]
    [InlineData("(ActionMatches{'a'}")]
    [InlineData("ActionMatches{'a'} XOR ActionMatches{'b'}")]
    public void UnknownSyntax_IsRefused(string condition) =>
        Assert.Throws<AbacSyntaxException>(() => AbacCondition.Parse(condition).Allows(Write));

    [Fact]
    public void ResourceAttribute_OnAWrite_IsRefusedNotGuessed() =>
        Assert.Throws<AbacSyntaxException>(() =>
            AbacCondition.Parse("@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {" + Role + "}").Allows(Write));
}
