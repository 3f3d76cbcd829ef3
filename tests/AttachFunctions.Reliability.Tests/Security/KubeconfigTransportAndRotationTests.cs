using AttachFunctions.Api;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Emulator;
using AttachFunctions.Emulator.Client;
using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Kubernetes;
using AttachFunctions.Testing;
using AttachFunctions.TestSupport;
using AttachFunctions.Workflows.Activities;
using AttachFunctions.Workflows.Model;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using static AttachFunctions.Reliability.Tests.Security.HostileKubeconfigs;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests.Security;

/// <summary>
/// Plain-http API servers are refused everywhere (the stand-in's API servers are https with their own CA, so no
/// relaxation exists), and a rotated or revoked kubeconfig stops being used: after the client lifetime, or at once
/// after a 401/403 from the API server.
/// </summary>
public sealed class KubeconfigTransportAndRotationTests
{
    [Fact]
    public async Task Kubeconfig_WithPlainHttpLoopbackServer_IsRefused_TheProductHasNoHttpPathAtAll()
    {
        // The stand-in's own API servers are https with their CA; a kubeconfig pointing at http on loopback (what the
        // stand-in once served) is refused like any other http server, with the stand-in's profile in place.
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var https = world.Emulator.KubernetesEndpoint(ArcEdge1);
        var http = new UriBuilder(https) { Scheme = Uri.UriSchemeHttp, Port = https.Port }.Uri;
        world.State.SetKubeconfigSecret(ArcEdge1, Build(http, TokenUser(Token(world.State, ArcEdge1))));

        var report = await KubeconfigAttackTests.AttachAsync(world);

        KubeconfigAttackTests.AssertRefused(world, report, "clusters[0].cluster.server", Token(world.State, ArcEdge1));
        Assert.Contains("the scheme is 'http'; only https API servers are accepted", KubeconfigAttackTests.Refusal(report).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubeconfig_WithHttpServerOffLoopback_IsRefusedEvenByTheStandInProfile()
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        world.State.SetKubeconfigSecret(ArcEdge1, Build(new Uri("http://cluster.attacker.example.net:8080/"), TokenUser(Token(world.State, ArcEdge1))));

        var report = await KubeconfigAttackTests.AttachAsync(world);

        KubeconfigAttackTests.AssertRefused(world, report, "clusters[0].cluster.server", Token(world.State, ArcEdge1));
    }

    [Fact]
    public async Task RotatedKubeconfig_AfterA401_TheCachedClientIsDropped_AndTheNextAttemptReadsTheSecretAgain()
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var first = await KubeconfigAttackTests.AttachAsync(world);
        Assert.True(first.Converged, string.Join("; ", first.Diagnoses()));
        Assert.Equal(1, SecretReads(world.Journal));

        // The service-account token is rotated well within the client lifetime (the old one now gets 401 Unauthorized),
        // and the namespace drifts away, so the run must write with the new token.
        world.State.RotateKubeconfigToken(ArcEdge1);
        Assert.True(world.State.DeleteNamespace(ArcEdge1, Namespace));
        var second = await KubeconfigAttackTests.AttachAsync(world);

        var refused = world.Journal.Entries.Where(e => e.Kind == OperationKind.Kubernetes && e.Status == 401).ToList();
        Assert.Single(refused);
        Assert.Equal("GET", refused[0].Method);
        Assert.Contains(world.Logs.Lines, l => l.Contains("[1053]", StringComparison.Ordinal) && l.Contains("answered 401", StringComparison.Ordinal));
        Assert.Equal(2, SecretReads(world.Journal));
        Assert.True(second.Converged, string.Join("; ", second.Diagnoses()));
        Assert.Contains(world.State.Namespaces(ArcEdge1), n => n.Name == Namespace && n.Phase == "Active");
    }

    [Fact]
    public async Task RotatedKubeconfig_AfterTheClientLifetime_IsReadAgain_AndUntilThenTheCachedClientServes()
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-30T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = new KubernetesAccessOptions { ClientLifetime = TimeSpan.FromMinutes(5) };
        StandInProfile.ConfigureKubernetes(options, world.Emulator.ArmEndpoint, world.Emulator.CreateTrustingHandler);
        using var factory = new NamespaceGatewayFactory(world.Runtime.Arm, new StandInCredential(AutomationPrincipal), world.Runtime.Pipelines, options, clock);
        var cluster = new ClusterInfo(ClusterId.Parse(ArcEdge1), "westeurope", new Dictionary<string, string> { ["ml"] = "enabled" });
        var desired = DesiredStateBuilder.Build(world.PolicyValue, cluster).Attachments.Single().Namespace;
        var ct = TestContext.Current.CancellationToken;

        var before = await (await factory.ForAsync(cluster, desired, ct)).GetAsync(Namespace, ct);
        world.State.RotateKubeconfigToken(ArcEdge1);
        clock.Advance(TimeSpan.FromMinutes(4));
        await factory.ForAsync(cluster, desired, ct);
        var readsWithinLifetime = SecretReads(world.Journal);
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = await (await factory.ForAsync(cluster, desired, ct)).GetAsync(Namespace, ct);

        Assert.Null(before);
        Assert.Equal(1, readsWithinLifetime);
        Assert.Null(after);
        Assert.Equal(2, SecretReads(world.Journal));
        Assert.DoesNotContain(world.Journal.Entries, e => e.Kind == OperationKind.Kubernetes && e.Status is 401 or 403);
    }

    [Theory]
    [InlineData("flux-system")]
    [InlineData("azure-arc")]
    [InlineData("kube-system")]
    public async Task NamespaceGateway_ForAReservedNamespace_IsNeverHandedOut_WhateverBuiltTheRequest(string reserved)
    {
        await using var world = await ReliabilityWorld.StartAsync(ArcPolicy);
        var cluster = new ClusterInfo(ClusterId.Parse(ArcEdge1), "westeurope", new Dictionary<string, string> { ["ml"] = "enabled" });
        var desired = DesiredStateBuilder.Build(world.PolicyValue, cluster).Attachments.Single().Namespace with { Name = reserved, Adopt = true };

        var refused = await Assert.ThrowsAsync<Core.Errors.DiagnosedException>(() => world.Runtime.Namespaces.ForAsync(cluster, desired, TestContext.Current.CancellationToken));

        Assert.Equal(DiagnosisCodes.NamespaceReserved, refused.Diagnosis.Code);
        Assert.Contains(reserved, refused.Diagnosis.Message, StringComparison.Ordinal);
        Assert.Equal(0, SecretReads(world.Journal));
        Assert.Equal(0, world.Journal.Count(e => e.Kind == OperationKind.Kubernetes));
    }

    [Fact]
    public void ClientLifetime_OutOfRange_FailsValidation()
    {
        Assert.Throws<InvalidOperationException>(() => new KubernetesAccessOptions { ClientLifetime = TimeSpan.Zero }.Validate());
        Assert.Throws<InvalidOperationException>(() => new KubernetesAccessOptions { ClientLifetime = TimeSpan.FromHours(2) }.Validate());
        new KubernetesAccessOptions().Validate();
    }

    /// <summary>Successful reads of the cluster's kubeconfig secret (the Key Vault client's unauthenticated challenge request aside).</summary>
    private static int SecretReads(RequestJournal journal) =>
        journal.Count(e => e.Kind == OperationKind.KeyVault && e.Status == 200);

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
