using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Naming;
using AttachFunctions.Core.Policy;
using static AttachFunctions.Core.Tests.Policy.PolicyFixtures;

namespace AttachFunctions.Core.Tests.Security;

/// <summary>
/// A Key Vault secret name rendered from a cluster's tags (or from anything shared by several clusters) could make the
/// automation read another cluster's kubeconfig; a namespace the platform or an add-on owns must never be created,
/// labelled or adopted. Policy validation refuses both with a pointer to the field; the desired state refuses them
/// again for a policy built in code.
/// </summary>
public sealed class SecretNameAndReservedNamespaceTests
{
    private const string SecretNamePointer = "/rules/1/namespaceAccess/keyVault/secretName";
    private const string SecretNamePath = "$.rules[1].namespaceAccess.keyVault.secretName";

    [Theory]
    [InlineData("{tag:kubeconfig}", "uses a {tag:...} token")]
    [InlineData("kubeconfig-{cluster}-{tag:env}", "could select another cluster's kubeconfig")]
    [InlineData("{workspace}-kubeconfig", "uses {workspace}, which does not identify the cluster")]
    [InlineData("{team}-{cluster}", "uses {team}, which does not identify the cluster")]
    [InlineData("shared-kubeconfig", "does not use {cluster}")]
    [InlineData("{resourceGroup}-kubeconfig", "does not use {cluster}")]
    public void Policy_SecretNameNotFromTheClusterItself_IsRefused_WithAPointerToTheField(string template, string fragment)
    {
        var result = PolicyLoader.Load(Mutate(r => Set(r, SecretNamePointer, template)));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(SecretNamePath, error.Path);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("{cluster}-kubeconfig")]
    [InlineData("kubeconfig-{resourceGroup}-{cluster:20}")]
    public void Policy_SecretNameFromClusterNameAndResourceGroup_IsAccepted(string template)
    {
        var result = PolicyLoader.Load(Mutate(r => Set(r, SecretNamePointer, template)));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Theory]
    [InlineData("flux-system")]
    [InlineData("azure-arc")]
    [InlineData("azure-arc-release")]
    [InlineData("gatekeeper-system")]
    [InlineData("calico-system")]
    [InlineData("tigera-operator")]
    [InlineData("cert-manager")]
    [InlineData("istio-system")]
    [InlineData("app-routing-system")]
    [InlineData("dapr-system")]
    [InlineData("azure-workload-identity-system")]
    [InlineData("kube-node-lease")]
    [InlineData("aks-istio-ingress")]
    public void Policy_AdoptingAReservedNamespace_IsRefused(string ns)
    {
        var result = PolicyLoader.Load(Mutate(r =>
        {
            Set(r, "/rules/1/attachments/0/namespace/name", ns);
            Set(r, "/rules/1/attachments/0/namespace/adopt", true);
        }));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$.rules[1].attachments[0].namespace.name", error.Path);
        Assert.Contains($"'{ns}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_NamespaceTemplateWithAReservedPrefix_IsRefused()
    {
        var result = PolicyLoader.Load(Mutate(r => Set(r, "/rules/0/attachments/0/namespace/name", "aks-istio-{team}")));

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.rules[0].attachments[0].namespace.name", error.Path);
        Assert.Contains("starts with 'aks-istio-', which is reserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DesiredState_TagRenderedSecretName_IsRefusedForThatCluster()
    {
        var cluster = Desired.TestPolicies.Arc("arc-store-1", tags: ("kubeconfig", "arc-other-cluster"));
        var policy = WithArcRule(Desired.TestPolicies.TwoRules(), secretName: "{tag:kubeconfig}");

        var state = DesiredStateBuilder.Build(policy, cluster);

        Assert.Empty(state.Attachments);
        Assert.NotEmpty(state.AttachmentIssues);
        Assert.All(state.AttachmentIssues, i => Assert.Equal(DiagnosisCodes.KubeconfigSecretNameRefused, i.Diagnosis.Code));
        Assert.Contains("{tag:...}", state.AttachmentIssues[0].Diagnosis.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DesiredState_RenderedSecretNameTooLong_IsRefused()
    {
        var cluster = Desired.TestPolicies.Arc("arc-" + new string('s', 46), rg: "rg-edge");
        var policy = WithArcRule(Desired.TestPolicies.TwoRules(), secretName: "{cluster}-{cluster}-{cluster}");

        var state = DesiredStateBuilder.Build(policy, cluster);

        Assert.Empty(state.Attachments);
        Assert.Contains("1 to 127 characters", state.AttachmentIssues[0].Diagnosis.Message, StringComparison.Ordinal);
        Assert.Equal(DiagnosisCodes.KubeconfigSecretNameRefused, state.AttachmentIssues[0].Diagnosis.Code);
    }

    [Fact]
    public void DesiredState_SecretName_IsRenderedFromTheClusterOnly()
    {
        var cluster = Desired.TestPolicies.Arc("arc-store-1", tags: ("kubeconfig", "arc-other-cluster"));
        var policy = WithArcRule(Desired.TestPolicies.TwoRules(), secretName: "kc-{resourceGroup}-{cluster}");

        var state = DesiredStateBuilder.Build(policy, cluster);

        Assert.All(state.Attachments, a => Assert.Equal("kc-rg-edge-arc-store-1", a.Namespace.KeyVault?.SecretName));
    }

    [Fact]
    public void DesiredState_ReservedNamespace_IsRefusedWithItsOwnDiagnosis()
    {
        var policy = Desired.TestPolicies.TwoRules();
        var rule = policy.Rules[1];
        policy = policy with
        {
            Rules = [policy.Rules[0], rule with { Attachments = [.. rule.Attachments.Select(a => a with { Namespace = a.Namespace with { Name = "flux-system", Adopt = true } })] }],
        };

        var state = DesiredStateBuilder.Build(policy, Desired.TestPolicies.Arc("arc-store-1"));

        Assert.Empty(state.Attachments);
        Assert.All(state.AttachmentIssues, i => Assert.Equal(DiagnosisCodes.NamespaceReserved, i.Diagnosis.Code));
    }

    [Theory]
    [InlineData("kubeconfig-arc-01", true)]
    [InlineData("", false)]
    [InlineData("kube_config", false)]
    [InlineData("kube.config", false)]
    public void SecretName_RuntimeCheck(string name, bool valid)
    {
        Assert.Equal(valid, KeyVaultSecretNames.IsValidName(name, out _));
        Assert.False(KeyVaultSecretNames.IsValidName(new string('a', 128), out _));
    }

    private static AttachPolicy WithArcRule(AttachPolicy policy, string secretName)
    {
        var rule = policy.Rules[1];
        var access = rule.NamespaceAccess!;
        return policy with
        {
            Rules = [policy.Rules[0], rule with { NamespaceAccess = access with { KeyVault = access.KeyVault! with { SecretName = secretName } } }],
        };
    }
}
