using System.Text.RegularExpressions;
using AttachFunctions.Emulator;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests.Security;

/// <summary>
/// Kubeconfigs an attacker with write access to one Key Vault secret could store: each is otherwise usable (the
/// emulator's real API server address and a token it accepts), so a refusal can only come from the hostile field.
/// </summary>
internal static partial class HostileKubeconfigs
{
    /// <summary>Arc clusters of the sample world: namespaces through a kubeconfig read from the (stand-in) Key Vault.</summary>
    public const string ArcPolicy = $$"""
    {
      "version": 1,
      "scope": { "subscriptions": ["{{Sub1}}"] },
      "rules": [
        {
          "name": "arc-edge",
          "match": { "kind": "arc", "resourceGroups": ["rg-arc-edge"], "tagsPresent": ["ml"] },
          "namespaceAccess": { "strategy": "keyVaultKubeconfig", "keyVault": { "vaultUri": "https://kv-attach.vault.azure.net/", "secretName": "kubeconfig-{cluster}" } },
          "attachments": [
            {
              "workspace": "{{Research}}",
              "computeName": "{cluster:9}-e",
              "namespace": { "name": "{{Namespace}}", "labels": { "team": "e" } },
              "identity": { "type": "SystemAssigned" },
              "grants": [ { "role": "AcrPull", "scope": "{{Registry}}" } ]
            }
          ]
        }
      ]
    }
    """;

    public const string Namespace = "team-e";

    /// <summary>The attachment key of <see cref="ArcPolicy"/> on arc-edge-01 ("{cluster:9}" keeps "arc-edge-", trimmed).</summary>
    public const string AttachmentKey = "ws-research/arc-edge-e";

    /// <summary>The token the emulator's API server accepts for the cluster, taken from the kubeconfig it generates.</summary>
    public static string Token(EmulatorState state, string clusterId) =>
        TokenLine().Match(state.GeneratedKubeconfig(clusterId)).Groups[1].Value;

    /// <summary>A kubeconfig with one cluster, context and user, with extra lines under <c>cluster:</c> and <c>user:</c>.</summary>
    public static string Build(Uri server, string userLines, string clusterLines = "", string extra = "") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            server: {server}
        {clusterLines}  name: edge
        contexts:
        - context:
            cluster: edge
            user: edge-user
          name: edge
        current-context: edge
        users:
        - name: edge-user
          user:
        {userLines}{extra}
        """;

    /// <summary>The cluster line naming the emulator's Kubernetes CA (the API servers are https with a certificate it signed).</summary>
    public static string ClusterCa(EmulatorHost emulator) =>
        $"    certificate-authority-data: {emulator.KubernetesCertificateAuthority.AuthorityData}\n";

    /// <summary>A user block with a valid token.</summary>
    public static string TokenUser(string token) => $"    token: {token}\n";

    [GeneratedRegex("token: (\\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex TokenLine();
}
