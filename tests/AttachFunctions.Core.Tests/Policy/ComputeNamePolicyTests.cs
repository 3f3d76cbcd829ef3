using AttachFunctions.Core.Naming;
using AttachFunctions.Core.Policy;
using static AttachFunctions.Core.Tests.Policy.PolicyFixtures;

namespace AttachFunctions.Core.Tests.Policy;

/// <summary>
/// Azure's compute name rule (2–16 letters, digits and hyphens, a letter first, a letter or digit last) checked where
/// the policy is loaded, so a template that can only render a name Azure refuses fails at start-up at its line.
/// </summary>
public sealed class ComputeNamePolicyTests
{
    private const string A0 = "/rules/0/attachments/0";
    private const string A0Path = "$.rules[0].attachments[0].computeName";

    [Theory]
    [InlineData("a")]
    [InlineData("abcdefghijklmnopq")]
    [InlineData("1compute")]
    [InlineData("-compute")]
    [InlineData("compute-")]
    [InlineData("comp_ute")]
    [InlineData("comp.ute")]
    [InlineData("comp ute")]
    public void IsValid_NameAzureRefuses_IsRefusedWithAReason(string name)
    {
        Assert.False(ComputeNames.IsValid(name, out var reason));
        Assert.Contains("compute name", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("a1")]
    [InlineData("abcdefghijklmnop")]
    [InlineData("A-1b")]
    public void IsValid_NameAzureAccepts_IsAccepted(string name)
    {
        Assert.True(ComputeNames.IsValid(name, out var reason), reason);
    }

    [Fact]
    public void Load_ComputeNameTemplateEndingWithAHyphen_IsRefusedAtItsLine_NamingTheRule()
    {
        var result = PolicyLoader.Load(Mutate(r => Set(r, A0 + "/computeName", "ml-{cluster:8}-")));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(A0Path, error.Path);
        Assert.NotNull(error.Line);
        Assert.Contains("ends with '-': a compute name ends with a letter or digit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ComputeNameTemplateRenderingStaticallyToATrailingHyphen_IsRefused()
    {
        var result = PolicyLoader.Load(Mutate(r =>
        {
            Set(r, A0 + "/team", "gpu-");
            Set(r, A0 + "/computeName", "ml-{team}");
        }));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors, e => e.Path == A0Path);
        Assert.Contains("'ml-gpu-'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ends with a letter or digit", error.Message, StringComparison.Ordinal);
    }
}
