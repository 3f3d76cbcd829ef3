using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Emulator;
using static AttachFunctions.Reliability.Tests.Security.HostileKubeconfigs;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests.Security;

/// <summary>
/// The emulator's Kubernetes API servers speak https with a certificate signed by their own CA, as AKS and Arc API
/// servers do; the product trusts the kubeconfig's certificate-authority-data and nothing else.
/// </summary>
public sealed class KubernetesServerTrustTests
{
    [Fact]
    public async Task Kubeconfig_FromKeyVault_WithTheClusterCa_IsTrusted_AndTheNamespaceIsCreatedOverHttps()
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var kubeconfig = world.State.GeneratedKubeconfig(ArcEdge1);

        var report = await KubeconfigAttackTests.AttachAsync(world);

        Assert.Contains("certificate-authority-data: ", kubeconfig, StringComparison.Ordinal);
        Assert.Contains("server: https://127.0.0.1:", kubeconfig, StringComparison.Ordinal);
        Assert.True(report.Converged, string.Join("; ", report.Diagnoses()));
        Assert.Contains(world.State.Namespaces(ArcEdge1), n => n.Name == Namespace && n.Phase == "Active");
    }

    [Fact]
    public async Task Kubeconfig_WithAnotherCa_FailsWithAServerNotTrustedDiagnosis_AndNothingIsWritten()
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        using var impostor = EmulatorCertificateAuthority.Create("someone else's CA");
        var server = new Uri(world.Emulator.KubernetesEndpoint(ArcEdge1).ToString());
        world.State.SetKubeconfigSecret(ArcEdge1, Build(server, TokenUser(Token(world.State, ArcEdge1)), $"    certificate-authority-data: {impostor.AuthorityData}\n"));

        var report = await KubeconfigAttackTests.AttachAsync(world);

        Assert.False(report.Converged);
        var diagnosis = Assert.Single(report.Diagnoses(), d => d.Code == DiagnosisCodes.KubernetesServerNotTrusted);
        Assert.Contains("arc-edge-01", diagnosis.Message, StringComparison.Ordinal);
        Assert.Contains("certificate-authority-data", diagnosis.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", diagnosis.ToString(), StringComparison.Ordinal);
        Assert.Contains(world.Logs.Lines, l => l.Contains("[1071]", StringComparison.Ordinal));
        Assert.Equal(0, world.Writes());
        Assert.Equal(0, world.Journal.Count(e => e.Kind == OperationKind.Kubernetes));
        Assert.DoesNotContain(world.State.Namespaces(ArcEdge1), n => n.Name == Namespace);
        Assert.Null(world.State.Compute(Research, "arc-edge-e"));
    }
}
