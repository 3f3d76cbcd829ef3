using System.Text.Json.Nodes;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Policy;
using static AttachFunctions.Core.Tests.Policy.PolicyFixtures;

namespace AttachFunctions.Core.Tests.Policy;

/// <summary>The policy's per-workspace narrowing of the identities allowed cluster-level roles (<c>workspaceIdentityPrincipalIds</c>).</summary>
public sealed class WorkspaceIdentityPrincipalsPolicyTests
{
    private const string Arc0 = "/rules/1/attachments/0";
    private const string P1 = "33333333-0000-0000-0000-000000000001";
    private const string P2 = "33333333-0000-0000-0000-000000000002";

    [Fact]
    public void Load_NarrowingList_ReachesTheDesiredAttachment()
    {
        var policy = PolicyLoader.LoadValid(Mutate(r => Set(r, Arc0 + "/workspaceIdentityPrincipalIds", new JsonArray(P1))));
        var cluster = new Core.Clusters.ClusterInfo(
            Core.Clusters.ClusterId.Parse($"/subscriptions/{Sub2}/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/arc1"), "westeurope", new Dictionary<string, string>());

        var attachment = Assert.Single(DesiredStateBuilder.Build(policy, cluster).Attachments);

        Assert.Equal([P1], attachment.WorkspaceIdentityPrincipalIds);
    }

    [Theory]
    [InlineData("not-a-guid", "$.rules[1].attachments[0].workspaceIdentityPrincipalIds[0]", "wrong form")]
    [InlineData("", "$.rules[1].attachments[0].workspaceIdentityPrincipalIds[0]", "wrong form")]
    public void Load_EntryNotAPrincipalId_IsRefusedAtTheEntry(string entry, string path, string fragment)
    {
        var result = PolicyLoader.Load(Mutate(r => Set(r, Arc0 + "/workspaceIdentityPrincipalIds", new JsonArray(entry))));

        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SamePrincipalTwice_IsRefusedAtTheSecond()
    {
        var result = PolicyLoader.Load(Mutate(r => Set(r, Arc0 + "/workspaceIdentityPrincipalIds", new JsonArray(P1, P1.ToUpperInvariant()))));

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.rules[1].attachments[0].workspaceIdentityPrincipalIds[1]", error.Path);
        Assert.Contains("already listed at workspaceIdentityPrincipalIds[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyList_IsRefused()
    {
        var result = PolicyLoader.Load(Mutate(r => Set(r, Arc0 + "/workspaceIdentityPrincipalIds", new JsonArray())));

        Assert.Contains(result.Errors, e => e.Path == "$.rules[1].attachments[0].workspaceIdentityPrincipalIds" && e.Message.Contains("needs at least 1 item", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TwoAttachmentsOfOneWorkspaceNarrowingDifferently_IsRefused_NamingBoth()
    {
        var json = Mutate(r =>
        {
            var second = At(r, Arc0).DeepClone();
            second["computeName"] = "arc2-{cluster:7}";
            second["namespace"]!["name"] = "ml-prod-2";
            second["workspaceIdentityPrincipalIds"] = new JsonArray(P2);
            Set(r, Arc0 + "/workspaceIdentityPrincipalIds", new JsonArray(P1));
            At(r, "/rules/1/attachments").AsArray().Add(second);
        });

        var result = PolicyLoader.Load(json);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.rules[1].attachments[1].workspaceIdentityPrincipalIds", error.Path);
        Assert.Contains("rules[1].attachments[0] names the same workspace", error.Message, StringComparison.Ordinal);
        Assert.Contains("one decision per workspace", error.Message, StringComparison.Ordinal);
    }
}
