using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Tests.Roles;

/// <summary>The format of <c>Security__WorkspaceIdentityPrincipalIds</c>: GUIDs separated by ',' or ';'; empty allows none.</summary>
public sealed class WorkspaceIdentityAllowListTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_EmptyOrAbsent_AllowsNone(string? text)
    {
        var list = WorkspaceIdentityAllowList.Parse(text);

        Assert.True(list.IsEmpty);
        Assert.False(list.Allows("33333333-0000-0000-0000-000000000001"));
    }

    [Fact]
    public void Parse_CommaAndSemicolonSeparatedGuids_AllowsEachCaseInsensitively()
    {
        var list = WorkspaceIdentityAllowList.Parse("33333333-0000-0000-0000-00000000000A ; 33333333-0000-0000-0000-000000000002,");

        Assert.Equal(["33333333-0000-0000-0000-00000000000a", "33333333-0000-0000-0000-000000000002"], list.Principals.OrderDescending(StringComparer.Ordinal));
        Assert.True(list.Allows("33333333-0000-0000-0000-00000000000a"));
        Assert.False(list.Allows("id-ws-prod"));
        Assert.False(list.Allows(null));
    }

    [Theory]
    [InlineData("id-ws-prod")]
    [InlineData("33333333000000000000000000000001")]
    [InlineData("{33333333-0000-0000-0000-000000000001}")]
    [InlineData("33333333-0000-0000-0000-000000000001 33333333-0000-0000-0000-000000000002")]
    public void TryParse_EntryNotAGuid_FailsNamingTheSettingAndTheEntry(string text)
    {
        Assert.False(WorkspaceIdentityAllowList.TryParse(text, out var list, out var errors));

        Assert.True(list.IsEmpty);
        var error = Assert.Single(errors);
        Assert.Contains(WorkspaceIdentityAllowList.SettingName, error, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
    }
}
