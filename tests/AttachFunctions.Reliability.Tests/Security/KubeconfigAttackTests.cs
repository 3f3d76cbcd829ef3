using System.Text.Json;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Workflows.Model;
using static AttachFunctions.Reliability.Tests.Security.HostileKubeconfigs;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests.Security;

/// <summary>
/// Whoever can write one kubeconfig secret in Key Vault must not be able to run code as the app, read its files, turn off
/// TLS, or make it talk to a cluster through something else than one https server with one static credential. Each test
/// stores a hostile kubeconfig for arc-edge-01, runs the attach API end to end on the emulator, and checks: refused,
/// a diagnosis naming the field (never its value), nothing written to ARM or the cluster.
/// </summary>
public sealed class KubeconfigAttackTests
{
    [Fact]
    public async Task Kubeconfig_WithExecPlugin_IsRefused_ProgramNeverRuns_AndNothingIsWritten()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"af-exec-{Guid.NewGuid():N}");
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var user = $"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: /bin/sh
                  args:
                  - -c
                  - touch {marker}

            """;
        world.State.SetKubeconfigSecret(ArcEdge1, Build(world.Emulator.KubernetesEndpoint(ArcEdge1), user));

        var report = await AttachAsync(world);

        AssertRefused(world, report, "users[0].user.exec", marker);
        Assert.False(File.Exists(marker), "the exec plugin ran");
    }

    [Fact]
    public async Task Kubeconfig_WithAuthProviderPlugin_IsRefused_AndNothingIsWritten()
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        const string user = """
                auth-provider:
                  name: oidc
                  config:
                    idp-issuer-url: https://attacker.example.net
                    client-id: hostile-client

            """;
        world.State.SetKubeconfigSecret(ArcEdge1, Build(world.Emulator.KubernetesEndpoint(ArcEdge1), user));

        var report = await AttachAsync(world);

        AssertRefused(world, report, "users[0].user.auth-provider", "attacker.example.net");
    }

    [Theory]
    [InlineData("clusters[0].cluster.certificate-authority", "    certificate-authority: /etc/hostile/ca.crt\n", "")]
    [InlineData("users[0].user.client-certificate", "", "    client-certificate: /etc/hostile/client.crt\n")]
    [InlineData("users[0].user.client-key", "", "    client-key: /etc/hostile/client.key\n")]
    [InlineData("users[0].user.tokenFile", "", "    tokenFile: /etc/hostile/token\n")]
    public async Task Kubeconfig_WithFilePath_IsRefused_AndNothingIsWritten(string field, string clusterLines, string userLines)
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var user = userLines + TokenUser(Token(world.State, ArcEdge1));
        world.State.SetKubeconfigSecret(ArcEdge1, Build(world.Emulator.KubernetesEndpoint(ArcEdge1), user, clusterLines));

        var report = await AttachAsync(world);

        AssertRefused(world, report, field, "/etc/hostile");
    }

    [Fact]
    public async Task Kubeconfig_WithInsecureSkipTlsVerify_IsRefused_AndNothingIsWritten()
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var kubeconfig = Build(world.Emulator.KubernetesEndpoint(ArcEdge1), TokenUser(Token(world.State, ArcEdge1)), "    insecure-skip-tls-verify: true\n");
        world.State.SetKubeconfigSecret(ArcEdge1, kubeconfig);

        var report = await AttachAsync(world);

        AssertRefused(world, report, "clusters[0].cluster.insecure-skip-tls-verify", Token(world.State, ArcEdge1));
    }

    [Theory]
    [InlineData("clusters[0].cluster.proxy-url", "    proxy-url: http://proxy.attacker.example.net:3128\n", "")]
    [InlineData("users[0].user.username", "", "    username: admin\n    password: hostile-password\n")]
    public async Task Kubeconfig_WithProxyOrBasicAuth_IsRefused_AndNothingIsWritten(string field, string clusterLines, string userLines)
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var user = userLines.Length > 0 ? userLines : TokenUser(Token(world.State, ArcEdge1));
        world.State.SetKubeconfigSecret(ArcEdge1, Build(world.Emulator.KubernetesEndpoint(ArcEdge1), user, clusterLines));

        var report = await AttachAsync(world);

        AssertRefused(world, report, field, userLines.Length > 0 ? "hostile-password" : "attacker.example.net");
    }

    [Theory]
    [InlineData("users", "- name: second-user\n  user:\n    token: second-token\n")]
    [InlineData("contexts", "")]
    [InlineData("clusters", "")]
    public async Task Kubeconfig_WithSeveralUsersContextsOrClusters_IsRefused_AndNothingIsWritten(string list, string extraUser)
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var server = world.Emulator.KubernetesEndpoint(ArcEdge1);
        var kubeconfig = Build(server, TokenUser(Token(world.State, ArcEdge1)), extra: extraUser);
        kubeconfig = list switch
        {
            "contexts" => kubeconfig.Replace("current-context: edge", "- context:\n    cluster: edge\n    user: edge-user\n  name: other\ncurrent-context: edge", StringComparison.Ordinal),
            "clusters" => kubeconfig.Replace("contexts:", $"- cluster:\n    server: {server}\n  name: other\ncontexts:", StringComparison.Ordinal),
            _ => kubeconfig,
        };
        world.State.SetKubeconfigSecret(ArcEdge1, kubeconfig);

        var report = await AttachAsync(world);

        AssertRefused(world, report, list, "second-token");
        Assert.Contains("2 entries; exactly one is accepted", Refusal(report).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubeconfig_Oversized_IsRefused_AndNothingIsWritten()
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var padding = "preferences:\n  padding: " + new string('x', 70 * 1024) + "\n";
        world.State.SetKubeconfigSecret(ArcEdge1, Build(world.Emulator.KubernetesEndpoint(ArcEdge1), TokenUser(Token(world.State, ArcEdge1)), extra: padding));

        var report = await AttachAsync(world);

        AssertRefused(world, report, "(secret)", "xxxxxxxx");
        Assert.Contains("larger than 64 KB", Refusal(report).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubeconfig_Valid_IsAccepted_AndTheNamespaceIsCreated()
    {
        // The control: the same shape with nothing hostile converges, so the refusals above are the fields' doing.
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        world.State.SetKubeconfigSecret(ArcEdge1, Build(world.Emulator.KubernetesEndpoint(ArcEdge1), TokenUser(Token(world.State, ArcEdge1)), ClusterCa(world.Emulator)));

        var report = await AttachAsync(world);

        Assert.True(report.Converged, string.Join("; ", report.Diagnoses()));
        Assert.Contains(world.State.Namespaces(ArcEdge1), n => n.Name == Namespace);
    }

    internal static async Task<ReconcileRunReport> AttachAsync(ReliabilityWorld world)
    {
        var (status, body) = await world.PostAttachAsync($"{{\"clusterId\":\"{ArcEdge1}\"}}");
        Assert.True(status == 202, body);
        using var doc = JsonDocument.Parse(body);
        return await world.WaitAsync(doc.RootElement.GetProperty("instanceId").GetString()!);
    }

    internal static Diagnosis Refusal(ReconcileRunReport report) =>
        Assert.Single(report.Diagnoses(), d => d.Code == DiagnosisCodes.KubeconfigRefused);

    /// <summary>Refused with AF024 naming <paramref name="field"/>; the hostile value appears in no answer and no log; nothing written.</summary>
    internal static void AssertRefused(ReliabilityWorld world, ReconcileRunReport report, string field, string hostileValue)
    {
        Assert.False(report.Converged);
        var diagnosis = Refusal(report);
        Assert.Contains($"kubeconfig-arc-edge-01", diagnosis.Message, StringComparison.Ordinal);
        Assert.Contains($": {field}:", diagnosis.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(hostileValue, diagnosis.ToString(), StringComparison.Ordinal);
        Assert.Contains(world.Logs.Lines, l => l.Contains("[1051]", StringComparison.Ordinal) && l.Contains(field, StringComparison.Ordinal));
        Assert.DoesNotContain(world.Logs.Lines.Concat(world.Responses), l => l.Contains(hostileValue, StringComparison.Ordinal));
        Assert.Equal(0, world.Writes());
        Assert.DoesNotContain(world.State.Namespaces(ArcEdge1), n => n.Name == Namespace);
        Assert.Null(world.State.Compute(Research, "arc-edge-e"));
        Assert.Equal(0, world.Journal.Count(e => e.Kind == Emulator.OperationKind.Kubernetes));
    }
}
