using AttachFunctions.Emulator.Client;
using Azure.Security.KeyVault.Secrets;
using k8s;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests.Apply;

/// <summary>A Kubernetes client for an Arc cluster of the emulator, built the way an operator would: kubeconfig from Key Vault.</summary>
internal static class KubernetesClients
{
    public static async Task<k8s.Kubernetes> ForArcAsync(TestWorld world, string clusterName)
    {
        ArgumentNullException.ThrowIfNull(world);
        var options = new SecretClientOptions { DisableChallengeResourceVerification = true, Transport = new Azure.Core.Pipeline.HttpClientTransport(world.Emulator.CreateTrustingHandler()) };
        var secrets = new SecretClient(world.Emulator.KeyVaultUri, new StandInCredential(AutomationPrincipal), options);
        var secret = await secrets.GetSecretAsync("kubeconfig-" + clusterName, cancellationToken: TestContext.Current.CancellationToken);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(secret.Value.Value));
        return new k8s.Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
    }
}
