using System.Text.Json.Nodes;
using AttachFunctions.Core.Policy;
using static AttachFunctions.Core.Tests.Policy.PolicyFixtures;

namespace AttachFunctions.Core.Tests.Policy;

/// <summary>
/// A rule that reaches a workspace while selecting clusters by tags alone would let anyone who can tag a cluster in
/// scope get it attached (and the workspace identity granted cluster-level roles on it): refused unless the rule opts
/// in, and an opted-in rule loads with a warning.
/// </summary>
public sealed class TagOnlyMatchTests
{
    [Theory]
    [InlineData("""{ "kind": "aks", "tags": { "ml": "enabled" } }""")]
    [InlineData("""{ "kind": "aks", "tagsPresent": ["ml"] }""")]
    [InlineData("""{ "kind": "aks", "resourceGroups": [], "tags": { "ml": "enabled" } }""")]
    public void Load_RuleSelectingByTagsAlone_IsRefused_WithAnErrorAtTheRulesMatch(string match)
    {
        var result = PolicyLoader.Load(Mutate(r => Set(r, "/rules/0/match", Node(match))));

        Assert.False(result.IsValid);
        Assert.Null(result.Policy);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$.rules[0].match", error.Path);
        Assert.NotNull(error.Line);
        Assert.Contains("rule 'aks' selects clusters by tags alone", error.Message, StringComparison.Ordinal);
        Assert.Contains("ws-research", error.Message, StringComparison.Ordinal);
        Assert.Contains("match.resourceGroups", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowTagOnlyMatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TagOnlyRuleThatOptsIn_IsAccepted_WithAWarningPointingAtTheOptIn()
    {
        var result = PolicyLoader.Load(Mutate(r => Set(r, "/rules/0/match", Node("""{ "kind": "aks", "tags": { "ml": "enabled" }, "allowTagOnlyMatch": true }"""))));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.True(result.Policy!.Rules[0].Match.AllowTagOnlyMatch);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("$.rules[0].match.allowTagOnlyMatch", warning.Path);
        Assert.NotNull(warning.Line);
        Assert.Contains("anyone who can write tags on a cluster in scope", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "kind": "aks", "resourceGroups": ["rg-aks"], "tags": { "ml": "enabled" } }""")]
    [InlineData("""{ "kind": "aks" }""")]
    [InlineData("""{ "kind": "aks", "resourceGroups": ["rg-aks"] }""")]
    public void Load_RuleRestrictedByResourceGroupOrNotByTags_IsAcceptedWithoutWarning(string match)
    {
        var result = PolicyLoader.Load(Mutate(r => Set(r, "/rules/0/match", Node(match))));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void ShippedSample_HasNoTagOnlyRule_AndNoWarning()
    {
        var result = PolicyLoader.LoadFile(TestSupport.RepoPaths.Combine("samples", "policy.json"));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Warnings);
        Assert.All(result.Policy!.Rules, r => Assert.False(r.Match.IsTagOnly, r.Name));
    }

    [Fact]
    public void ClusterMatch_IsTagOnly_OnlyWhenTagsSelectAndNoResourceGroupRestricts()
    {
        Assert.True(new ClusterMatch { TagsPresent = ["ml"] }.IsTagOnly);
        Assert.False(new ClusterMatch { TagsPresent = ["ml"], ResourceGroups = ["rg"] }.IsTagOnly);
        Assert.False(new ClusterMatch { Kind = ClusterKindFilter.Aks }.IsTagOnly);
    }

    private static JsonNode Node(string json) => JsonNode.Parse(json)!;
}
