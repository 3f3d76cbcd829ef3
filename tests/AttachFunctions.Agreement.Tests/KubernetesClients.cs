using AttachFunctions.Emulator.Client;
using AttachFunctions.Infrastructure.Arm;
using Azure.Security.KeyVault.Secrets;
using k8s;

namespace AttachFunctions.Agreement.Tests;

/// <summary>A Kubernetes client for a cluster of the emulator, built the way an operator would: kubeconfig from Key Vault.</summary>
internal static class KubernetesClients
{
    public static async Task<k8s.Kubernetes> ForArcAsync(SampleWorld world, string clusterName)
    {
        var options = new SecretClientOptions { DisableChallengeResourceVerification = true, Transport = new Azure.Core.Pipeline.HttpClientTransport(world.Emulator.CreateTrustingHandler()) };
        var secrets = new SecretClient(world.Emulator.KeyVaultUri, new StandInCredential(Testing.SampleIds.AutomationPrincipal), options);
        var secret = await secrets.GetSecretAsync("kubeconfig-" + clusterName, cancellationToken: TestContext.Current.CancellationToken);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(secret.Value.Value));
        return new k8s.Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
    }
}
