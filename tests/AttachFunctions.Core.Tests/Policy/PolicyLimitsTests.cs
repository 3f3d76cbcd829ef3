using System.Text;
using System.Text.Json.Nodes;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Policy;
using static AttachFunctions.Core.Tests.Policy.PolicyFixtures;

namespace AttachFunctions.Core.Tests.Policy;

/// <summary>
/// Caps on policy size and fan-out, each refused with an error that names the cap and the offending pointer (or, where
/// the desired state is built, a diagnosis that names the cluster), and the schema's maxItems equal to the caps.
/// </summary>
public sealed class PolicyLimitsTests
{
    private const string A0 = "/rules/0/attachments/0";

    [Fact]
    public void Load_PolicyLargerThanTheCap_IsRefusedBeforeParsing_NamingTheCap()
    {
        var padding = new string(' ', PolicyLimits.MaxPolicyBytes);
        var result = PolicyLoader.Load(BaseJson + padding);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains($"{Encoding.UTF8.GetByteCount(BaseJson + padding)} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("PolicyLimits.MaxPolicyBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("262144", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MoreRulesThanTheCap_IsRefused_AtRules()
    {
        var json = Mutate(r =>
        {
            var rules = At(r, "/rules").AsArray();
            for (var i = rules.Count; i <= PolicyLimits.MaxRules; i++)
            {
                var ring = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                rules.Add(new JsonObject
                {
                    ["name"] = $"aks-{ring}",
                    ["match"] = new JsonObject { ["kind"] = "aks", ["resourceGroups"] = new JsonArray("rg-aks"), ["tags"] = new JsonObject { ["ring"] = ring } },
                    ["attachments"] = new JsonArray(new JsonObject
                    {
                        ["workspace"] = WsResearch,
                        ["computeName"] = "{cluster:9}-r",
                        ["namespace"] = new JsonObject { ["name"] = "ring" },
                    }),
                });
            }
        });

        var result = PolicyLoader.Load(json);

        Assert.Contains(result.Errors, e => e.Path == "$.rules" && e.Message.Contains($"has {PolicyLimits.MaxRules + 1} items; the limit is {PolicyLimits.MaxRules}", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MoreAttachmentsThanACapClusterMayResolveTo_IsRefused_AtTheRulesAttachments()
    {
        var json = Mutate(r =>
        {
            var attachments = At(r, "/rules/0/attachments").AsArray();
            for (var i = attachments.Count; i <= PolicyLimits.MaxAttachmentsPerCluster; i++)
            {
                var extra = attachments[0]!.DeepClone();
                extra["team"] = $"t{i}";
                extra["namespace"]!["name"] = $"team-t{i}";
                attachments.Add(extra);
            }
        });

        var result = PolicyLoader.Load(json);

        Assert.Contains(result.Errors, e => e.Path == "$.rules[0].attachments" && e.Message.Contains($"the limit is {PolicyLimits.MaxAttachmentsPerCluster}", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MoreGrantsThanTheCap_IsRefused_AtTheAttachmentsGrants()
    {
        var json = Mutate(r =>
        {
            var grants = At(r, A0 + "/grants").AsArray();
            grants.Clear();
            for (var i = 0; i <= PolicyLimits.MaxGrantsPerAttachment; i++)
            {
                grants.Add(new JsonObject { ["role"] = "AcrPull", ["scope"] = $"{RgMl}/providers/Microsoft.ContainerRegistry/registries/acr{i}" });
            }
        });

        var result = PolicyLoader.Load(json);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.rules[0].attachments[0].grants", error.Path);
        Assert.Contains($"has {PolicyLimits.MaxGrantsPerAttachment + 1} items; the limit is {PolicyLimits.MaxGrantsPerAttachment}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RuleWithMoreAttachmentsThanTheCap_BlocksTheCluster_NamingIt_AndAttachesNothing()
    {
        var spec = new AttachmentSpec { Workspace = WsResearch, ComputeName = "c{team}", Namespace = new NamespaceSpec { Name = "ns-{team}" } };
        var policy = new AttachPolicy
        {
            Scope = new PolicyScope { Subscriptions = [Sub1] },
            Rules =
            [
                new PolicyRule
                {
                    Name = "wide",
                    Match = new ClusterMatch { Kind = ClusterKindFilter.Aks },
                    Attachments = [.. Enumerable.Range(0, PolicyLimits.MaxAttachmentsPerCluster + 1).Select(i => spec with { Team = $"t{i}" })],
                },
            ],
        };
        var cluster = new ClusterInfo(ClusterId.Parse($"/subscriptions/{Sub1}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1"), "westeurope", new Dictionary<string, string>());

        var state = DesiredStateBuilder.Build(policy, cluster);

        Assert.Empty(state.Attachments);
        Assert.False(state.IsManaged);
        var blocker = Assert.Single(state.Blockers);
        Assert.Equal(DiagnosisCodes.FanOutLimitExceeded, blocker.Code);
        Assert.Contains(cluster.Id.Id, blocker.Message, StringComparison.Ordinal);
        Assert.Contains("PolicyLimits.MaxAttachmentsPerCluster", blocker.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_MaxItems_EqualTheCaps()
    {
        var schema = JsonNode.Parse(PolicySchema.Text)!;

        Assert.Equal(PolicyLimits.MaxRules, (int)schema["properties"]!["rules"]!["maxItems"]!);
        Assert.Equal(PolicyLimits.MaxAttachmentsPerCluster, (int)schema["$defs"]!["rule"]!["properties"]!["attachments"]!["maxItems"]!);
        Assert.Equal(PolicyLimits.MaxGrantsPerAttachment, (int)schema["$defs"]!["attachment"]!["properties"]!["grants"]!["maxItems"]!);
        Assert.Equal(PolicyLimits.MaxWorkspaceIdentityPrincipals, (int)schema["$defs"]!["attachment"]!["properties"]!["workspaceIdentityPrincipalIds"]!["maxItems"]!);
        Assert.True(PolicyLimits.MaxNamespacesPerCluster >= 1);
    }
}
