using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Emulator;

/// <summary>
/// The emulator: a local stand-in for Azure Resource Manager (HTTPS), a minimal Key Vault (HTTPS, same port) and one
/// virtual Kubernetes API server per cluster (HTTPS with a certificate signed by the emulator's Kubernetes CA, under
/// <c>/k8s/{clusterKey}</c>), bound to loopback only.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;

    private EmulatorHost(WebApplication app, CancellationTokenSource stopping, X509Certificate2 certificate, EmulatorCertificateAuthority kubernetesCa, EmulatorState state, EmulatorKnobs knobs, RequestJournal journal, TimeProvider time, Uri arm, Uri kubernetes)
    {
        _app = app;
        _stopping = stopping;
        Certificate = certificate;
        KubernetesCertificateAuthority = kubernetesCa;
        State = state;
        Knobs = knobs;
        Journal = journal;
        Time = time;
        ArmEndpoint = arm;
        KubernetesBase = kubernetes;
    }

    /// <summary>ARM base address, e.g. <c>https://127.0.0.1:PORT/</c>.</summary>
    public Uri ArmEndpoint { get; }

    /// <summary>Key Vault base address for SecretClient (the same HTTPS listener; secrets live under <c>/secrets</c>).</summary>
    public Uri KeyVaultUri => ArmEndpoint;

    /// <summary>The CA that signed the Kubernetes listener's certificate (what every kubeconfig's certificate-authority-data holds).</summary>
    public EmulatorCertificateAuthority KubernetesCertificateAuthority { get; }

    /// <summary>Base address of the Kubernetes listener (https); each cluster's API is under <c>k8s/{clusterKey}</c>.</summary>
    public Uri KubernetesBase { get; }

    /// <summary>SHA-1 thumbprint of the self-signed certificate (what clients pin).</summary>
    public string CertificateThumbprint => Certificate.Thumbprint;

    /// <summary>The self-signed certificate generated at start.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>State inspection and drift injection.</summary>
    public EmulatorState State { get; }

    /// <summary>Behaviour knobs, changeable at run time.</summary>
    public EmulatorKnobs Knobs { get; }

    /// <summary>The request journal.</summary>
    public RequestJournal Journal { get; }

    /// <summary>The clock of every time-based behaviour.</summary>
    public TimeProvider Time { get; }

    /// <summary>Starts the emulator on loopback.</summary>
    public static async Task<EmulatorHost> StartAsync(EmulatorScenario scenario, EmulatorOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= new EmulatorOptions();
        var time = options.Time;
        var knobs = new EmulatorKnobs(scenario.Knobs);
        var state = new EmulatorState(scenario, knobs, time);
        var journal = new RequestJournal();
        if (options.JournalPath is { } path)
        {
            journal.StreamTo(path);
        }

        var certificate = SelfSignedCertificate.Create();
#pragma warning disable CA2000 // Owned by the host and disposed in DisposeAsync.
        var kubernetesCa = EmulatorCertificateAuthority.Create();
#pragma warning restore CA2000
        state.KubernetesCertificateAuthorityData = kubernetesCa.AuthorityData;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? kubernetesListener = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.UseHttps(certificate));
            kestrel.Listen(IPAddress.Loopback, options.Port == 0 ? 0 : options.Port + 1, listen =>
            {
                kubernetesListener = listen;
                listen.UseHttps(kubernetesCa.ServerCertificate);
            });
        });
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        var app = builder.Build();
#pragma warning disable CA2000 // Owned by the host and disposed in DisposeAsync.
        var stopping = new CancellationTokenSource();
#pragma warning restore CA2000
        var pipeline = new EmulatorPipeline(state, knobs, journal, time, stopping.Token);
        app.Run(pipeline.InvokeAsync);
        await app.StartAsync(ct);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        // Both listeners are https: the Kubernetes one is told apart by the port Kestrel bound for it.
        var kubernetesPort = ((IPEndPoint)kubernetesListener!.EndPoint).Port;
        var bound = addresses.Select(a => new Uri(a.TrimEnd('/') + "/")).ToList();
        var kubernetes = bound.Single(a => a.Port == kubernetesPort);
        var arm = bound.Single(a => a.Port != kubernetesPort);
        state.KubernetesBase = kubernetes;
        return new EmulatorHost(app, stopping, certificate, kubernetesCa, state, knobs, journal, time, arm, kubernetes);
    }

    /// <summary>Base URL of a cluster's virtual Kubernetes API server (what its kubeconfig's <c>server</c> says).</summary>
    public Uri KubernetesEndpoint(string clusterResourceId) => new(KubernetesBase, "k8s/" + State.ClusterKey(clusterResourceId));

    /// <summary>A handler that trusts only this emulator's certificate (by thumbprint).</summary>
    public HttpClientHandler CreateTrustingHandler() => CreateTrustingHandler(CertificateThumbprint);

    /// <summary>A handler that trusts only the certificate with this SHA-1 thumbprint (for an emulator running as a separate process).</summary>
    public static HttpClientHandler CreateTrustingHandler(string thumbprint) => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.Thumbprint.Equals(thumbprint, StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
        Journal.Dispose();
        Certificate.Dispose();
        KubernetesCertificateAuthority.Dispose();
    }
}
