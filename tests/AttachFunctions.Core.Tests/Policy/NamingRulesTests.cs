using AttachFunctions.Core.Naming;

namespace AttachFunctions.Core.Tests.Policy;

public sealed class NamingRulesTests
{
    public static TheoryData<string> BadNamespaces => new(
        "",
        new string('a', 64),
        "Team-a",
        "-a",
        "a-",
        "a_b",
        "a.b",
        "kube-x",
        "kube-system",
        "default",
        "kube-public",
        "kube-node-lease",
        "azureml",
        "t\u0435am",
        "team\n",
        "a%2F..",
        " team",
        "team a");

    [Theory]
    [MemberData(nameof(BadNamespaces))]
    public void IsValidNamespace_BadName_IsRejectedWithReason(string name)
    {
        Assert.False(KubernetesNames.IsValidNamespace(name, out var reason));
        Assert.False(string.IsNullOrEmpty(reason));
        Assert.DoesNotContain('\n', reason);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("team-a")]
    [InlineData("0team")]
    [InlineData("kube")]
    [InlineData("azureml-jobs")]
    public void IsValidNamespace_GoodName_IsAccepted(string name)
    {
        Assert.True(KubernetesNames.IsValidNamespace(name, out var reason), reason);
    }

    [Fact]
    public void IsValidNamespace_63Characters_IsAccepted()
    {
        Assert.True(KubernetesNames.IsValidNamespace(new string('a', 63), out _));
    }

    [Theory]
    [InlineData("team", true)]
    [InlineData("app.kubernetes.io/name", true)]
    [InlineData("contoso.com/cost_center.v2", true)]
    [InlineData("", false)]
    [InlineData("/name", false)]
    [InlineData("Contoso.com/name", false)]
    [InlineData("contoso.com/", false)]
    [InlineData("-team", false)]
    [InlineData("team-", false)]
    [InlineData("cost center", false)]
    [InlineData("a/b/c", false)]
    public void IsValidQualifiedKey_Table(string key, bool expected)
    {
        Assert.Equal(expected, KubernetesNames.IsValidQualifiedKey(key, out _));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("enabled", true)]
    [InlineData("v1.2_rc-3", true)]
    [InlineData("-x", false)]
    [InlineData("x.", false)]
    [InlineData("has space", false)]
    [InlineData("t\u0435am", false)]
    public void IsValidLabelValue_Table(string value, bool expected)
    {
        Assert.Equal(expected, KubernetesNames.IsValidLabelValue(value, out _));
    }

    [Fact]
    public void IsValidLabelValue_64Characters_IsRejected()
    {
        Assert.False(KubernetesNames.IsValidLabelValue(new string('v', 64), out _));
        Assert.True(KubernetesNames.IsValidLabelValue(new string('v', 63), out _));
    }

    [Theory]
    [InlineData("ab", true)]
    [InlineData("aks-prod-a", true)]
    [InlineData("Compute1", true)]
    [InlineData("abcdefghijklmnop", true)]
    [InlineData("a", false)]
    [InlineData("abcdefghijklmnopq", false)]
    [InlineData("1abc", false)]
    [InlineData("-abc", false)]
    [InlineData("ab_c", false)]
    [InlineData("ab.c", false)]
    [InlineData("", false)]
    [InlineData("c\u0435mp", false)]
    public void ComputeNamesIsValid_Table(string name, bool expected)
    {
        Assert.Equal(expected, ComputeNames.IsValid(name, out _));
    }

    [Theory]
    [InlineData("500m", 0.5)]
    [InlineData("2", 2)]
    [InlineData("0.5", 0.5)]
    [InlineData(".5", 0.5)]
    [InlineData("4Gi", 4294967296)]
    [InlineData("512Mi", 536870912)]
    [InlineData("1G", 1e9)]
    [InlineData("1Ki", 1024)]
    [InlineData("1k", 1000)]
    [InlineData("1e3", 1000)]
    [InlineData("1E3", 1000)]
    [InlineData("2E", 2e18)]
    public void KubernetesQuantity_Valid_ParsesToValue(string text, double expected)
    {
        Assert.True(KubernetesQuantity.TryParse(text, out var value));
        Assert.Equal(expected, value, 6);
        Assert.True(KubernetesQuantity.IsValid(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("lots")]
    [InlineData("4GB")]
    [InlineData("4gi")]
    [InlineData("-1")]
    [InlineData("1 Gi")]
    [InlineData("1.2.3")]
    [InlineData("m")]
    [InlineData("1Mi ")]
    public void KubernetesQuantity_Invalid_IsRejected(string? text)
    {
        Assert.False(KubernetesQuantity.IsValid(text));
    }

    [Theory]
    [InlineData("{cluster:9}-{team}", "a", "ws", "{cluster:9}-a", true)]
    [InlineData("team-{team}", "Data Science", "ws", "team-data-science", false)]
    [InlineData("{workspace}-x", null, "WS-Research", "ws-research-x", false)]
    [InlineData("{workspace:2}", null, "ws-research", "ws", false)]
    [InlineData("{tag:owner:4}", null, "ws", "{tag:owner:4}", true)]
    [InlineData("{resourceGroup}", null, "ws", "{resourceGroup}", true)]
    public void NameTemplate_RenderStatic_Table(string text, string? team, string workspace, string expected, bool dependsOnCluster)
    {
        Assert.True(NameTemplate.TryParse(text, out var template, out var error), error);
        Assert.Equal(expected, template.RenderStatic(team, workspace));
        Assert.Equal(dependsOnCluster, template.DependsOnCluster);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{cluster")]
    [InlineData("cluster}")]
    [InlineData("{nope}")]
    [InlineData("{tag}")]
    [InlineData("{tag:}")]
    [InlineData("{cluster:0}")]
    [InlineData("{cluster:64}")]
    [InlineData("{cluster:x}")]
    [InlineData("{cluster:3:4}")]
    public void NameTemplate_TryParse_BadTemplate_FailsWithReason(string text)
    {
        Assert.False(NameTemplate.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("{cluster:9}-{team}", "ab", 4, 12)]
    [InlineData("ml-{cluster}", null, 4, null)]
    [InlineData("fixed", null, 5, 5)]
    public void NameTemplate_LengthBounds_Table(string text, string? team, int min, int? max)
    {
        Assert.True(NameTemplate.TryParse(text, out var template, out _));
        Assert.Equal((min, max), template.LengthBounds(team, "ws"));
    }

    [Fact]
    public void NameTemplate_Render_UsesClusterValuesAndTruncates()
    {
        Assert.True(NameTemplate.TryParse("{cluster:9}-{team}", out var template, out _));

        var name = template.Render(new TemplateValues { Cluster = "AKS-Prod-WestEurope", Team = "a" });

        Assert.Equal("aks-prod-a", name);
    }

    [Fact]
    public void NameTemplate_Render_MissingTag_Throws()
    {
        Assert.True(NameTemplate.TryParse("{tag:owner}", out var template, out _));

        Assert.Throws<TemplateRenderException>(() => template.Render(new TemplateValues { Cluster = "c" }));
    }
}
