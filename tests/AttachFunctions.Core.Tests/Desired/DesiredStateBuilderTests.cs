using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Roles;
using static AttachFunctions.Core.Tests.Desired.TestPolicies;

namespace AttachFunctions.Core.Tests.Desired;

public sealed class DesiredStateBuilderTests
{
    [Fact]
    public void Build_TaggedAksCluster_RendersBothAttachmentsOfFirstRule()
    {
        var state = DesiredStateBuilder.Build(TwoRules(), Aks("aks-westeurope-01", tags: ("ml", "enabled")));

        Assert.True(state.IsManaged);
        Assert.Equal("aks-teams", state.RuleName);
        Assert.Empty(state.AttachmentIssues);
        Assert.Equal(["ws-prod/aks-weste-b", "ws-research/aks-weste-a"], state.Attachments.Select(a => a.Key).Order());

        var research = state.Attachments.Single(a => a.Workspace.Name == "ws-research");
        Assert.Equal("team-a", research.Namespace.Name);
        Assert.Equal(NamespaceAccessStrategy.ManagedNamespace, research.Namespace.Access);
        Assert.Equal(ComputeIdentity.SystemAssigned, research.Identity);
        Assert.Equal(
            [(RoleCatalog.AcrPull, Registry), (RoleCatalog.StorageBlobDataReader, Storage)],
            research.ComputeGrants.Select(g => (g.Role, g.Scope)));
        Assert.Equal(OnClusterDelete.Detach, research.OnClusterDelete);

        var prod = state.Attachments.Single(a => a.Workspace.Name == "ws-prod");
        Assert.Equal(new ComputeIdentity(ComputeIdentityType.UserAssigned, ComputeIdentityId), prod.Identity);
        Assert.Equal([(RoleCatalog.StorageBlobDataContributor, Storage)], prod.ComputeGrants.Select(g => (g.Role, g.Scope)));
        Assert.Equal(OnClusterDelete.Keep, prod.OnClusterDelete);
    }

    [Fact]
    public void Build_SingleOwnerNamespace_CarriesOurLabelsAndPolicyLabels()
    {
        var state = DesiredStateBuilder.Build(TwoRules(), Aks("aks1", tags: ("ml", "enabled")));

        var ns = state.Attachments.Single(a => a.Workspace.Name == "ws-research").Namespace;
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["app.kubernetes.io/managed-by"] = "attachfunctions",
                ["attachfunctions.io/compute"] = "aks1-a",
                ["attachfunctions.io/workspace"] = "ws-research",
                ["cost-center"] = "r1",
            },
            ns.Labels);
        Assert.False(ns.Shared);
        Assert.False(ns.Adopt);
    }

    [Fact]
    public void Build_AksCluster_NeedsClusterPrerequisitesOnly()
    {
        var cluster = Aks("aks1", tags: ("ml", "enabled"));

        var state = DesiredStateBuilder.Build(TwoRules(), cluster);

        var prerequisites = state.Attachments[0].WorkspacePrerequisites;
        Assert.Equal(
            [RoleCatalog.Reader, RoleCatalog.KubernetesExtensionContributor, RoleCatalog.AksClusterAdmin],
            prerequisites.Select(p => p.Role));
        Assert.All(prerequisites, p => Assert.Equal(cluster.Id.Id, p.Scope));
    }

    [Fact]
    public void Build_ArcCluster_SharesNamespaceAndNeedsRelayOwner()
    {
        var cluster = Arc("arc-store-0042");

        var state = DesiredStateBuilder.Build(TwoRules(), cluster);

        Assert.Equal("arc-edge", state.RuleName);
        Assert.Equal(["ws-prod/edge-arc-store", "ws-research/edge-arc-store"], state.Attachments.Select(a => a.Key).Order());
        var ns = state.Attachments[0].Namespace;
        Assert.Equal("ml-edge", ns.Name);
        Assert.True(ns.Shared);
        Assert.Equal("true", ns.Labels[ManagedLabels.Shared]);
        Assert.DoesNotContain(ManagedLabels.Compute, ns.Labels.Keys);
        Assert.Equal("ws-prod/edge-arc-store,ws-research/edge-arc-store", ns.Annotations[ManagedLabels.AttachmentsAnnotation]);
        Assert.Equal(new KeyVaultKubeconfigRef("https://kv-attach.vault.azure.net/", "arc-store-0042-kubeconfig"), ns.KeyVault);
        Assert.Contains(state.Attachments[0].WorkspacePrerequisites, p => p.Role == RoleCatalog.AzureRelayOwner && p.ScopeKind == PrerequisiteScope.RelayNamespace);
    }

    [Fact]
    public void Build_UntaggedAksCluster_MatchesNoRule()
    {
        var state = DesiredStateBuilder.Build(TwoRules(), Aks("aks-plain", tags: ("ml", "disabled")));

        Assert.Null(state.RuleName);
        Assert.False(state.IsManaged);
        Assert.Empty(state.Attachments);
        Assert.Empty(state.Blockers);
    }

    [Fact]
    public void Build_TagKeyCasing_IsIgnoredButValueCasingIsNot()
    {
        Assert.True(DesiredStateBuilder.Build(TwoRules(), Aks("aks1", tags: ("ML", "enabled"))).IsManaged);
        Assert.False(DesiredStateBuilder.Build(TwoRules(), Aks("aks1", tags: ("ml", "Enabled"))).IsManaged);
    }

    [Fact]
    public void Build_ArcClusterInOtherResourceGroup_MatchesNoRule()
    {
        Assert.Null(DesiredStateBuilder.Build(TwoRules(), Arc("arc-x", rg: "rg-other")).RuleName);
    }

    [Fact]
    public void Build_ClusterOutsideScope_IsBlocked()
    {
        var state = DesiredStateBuilder.Build(
            TwoRules(), Aks("aks1", sub: "33333333-3333-3333-3333-333333333333", tags: ("ml", "enabled")));

        var blocker = Assert.Single(state.Blockers);
        Assert.Equal(DiagnosisCodes.ClusterOutOfScope, blocker.Code);
        Assert.Empty(state.Attachments);
        Assert.False(state.IsManaged);
    }

    [Fact]
    public void Build_AksInAnotherSubscription_ReportsCrossSubscriptionPerAttachment()
    {
        var state = DesiredStateBuilder.Build(TwoRules(), Aks("aks9", sub: Sub2, tags: ("ml", "enabled")));

        Assert.Empty(state.Attachments);
        Assert.Equal(2, state.AttachmentIssues.Count);
        Assert.All(state.AttachmentIssues, i => Assert.Equal(DiagnosisCodes.AksCrossSubscription, i.Diagnosis.Code));
        Assert.Contains("Arc", state.AttachmentIssues[0].Diagnosis.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TemplateUsingMissingTag_ReportsNameIssue()
    {
        var policy = TwoRules() with
        {
            Rules =
            [
                TwoRules().Rules[0] with
                {
                    Attachments = [TwoRules().Rules[0].Attachments[0] with { ComputeName = "c-{tag:costcenter}" }],
                },
            ],
        };

        var state = DesiredStateBuilder.Build(policy, Aks("aks1", tags: ("ml", "enabled")));

        var issue = Assert.Single(state.AttachmentIssues);
        Assert.Equal(DiagnosisCodes.NameTemplateInvalid, issue.Diagnosis.Code);
        Assert.Contains("costcenter", issue.Diagnosis.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RenderedComputeNameTooLong_ReportsNameIssue()
    {
        var policy = TwoRules() with
        {
            Rules =
            [
                TwoRules().Rules[0] with
                {
                    Attachments = [TwoRules().Rules[0].Attachments[0] with { ComputeName = "{cluster}-{team}" }],
                },
            ],
        };

        var state = DesiredStateBuilder.Build(policy, Aks("aks-with-a-very-long-name", tags: ("ml", "enabled")));

        Assert.Equal(DiagnosisCodes.NameTemplateInvalid, Assert.Single(state.AttachmentIssues).Diagnosis.Code);
        Assert.Empty(state.Attachments);
    }

    [Fact]
    public void Build_TwoUnsharedAttachmentsRenderSameNamespace_SecondIsConflict()
    {
        var rule = TwoRules().Rules[0];
        var policy = TwoRules() with
        {
            Rules = [rule with { Attachments = [rule.Attachments[0], rule.Attachments[1] with { Team = "a" }] }],
        };

        var state = DesiredStateBuilder.Build(policy, Aks("aks1", tags: ("ml", "enabled")));

        Assert.Single(state.Attachments);
        Assert.Equal(DiagnosisCodes.NamespaceClaimConflict, Assert.Single(state.AttachmentIssues).Diagnosis.Code);
    }

    [Fact]
    public void Build_AdoptOption_FlowsFromPolicyDefault()
    {
        var policy = TwoRules() with { NamespaceOwnership = new NamespaceOwnership { Adopt = true } };

        var state = DesiredStateBuilder.Build(policy, Aks("aks1", tags: ("ml", "enabled")));

        Assert.All(state.Attachments, a => Assert.True(a.Namespace.Adopt));
    }

    [Fact]
    public void Build_SameInput_SameOutput()
    {
        var cluster = Aks("aks1", tags: ("ml", "enabled"));

        var first = DesiredStateBuilder.Build(TwoRules(), cluster);
        var second = DesiredStateBuilder.Build(TwoRules(), cluster);

        Assert.Equal(first.Attachments.Select(a => (a.Key, a.Namespace.Name, string.Join(",", a.Namespace.Labels))),
            second.Attachments.Select(a => (a.Key, a.Namespace.Name, string.Join(",", a.Namespace.Labels))));
    }

    [Fact]
    public void Build_RuleOrder_FirstMatchWins()
    {
        var policy = TwoRules();
        var catchAll = new PolicyRule
        {
            Name = "catch-all-aks",
            Match = new ClusterMatch { Kind = ClusterKindFilter.Aks },
            Attachments = [policy.Rules[0].Attachments[0] with { Team = "z" }],
        };

        var before = DesiredStateBuilder.Build(policy with { Rules = [catchAll, .. policy.Rules] }, Aks("aks1", tags: ("ml", "enabled")));
        var after = DesiredStateBuilder.Build(policy with { Rules = [.. policy.Rules, catchAll] }, Aks("aks1", tags: ("ml", "enabled")));

        Assert.Equal("catch-all-aks", before.RuleName);
        Assert.Equal("aks-teams", after.RuleName);
    }
}
