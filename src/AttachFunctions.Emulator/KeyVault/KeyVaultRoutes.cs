using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>
/// A minimal Key Vault secrets endpoint (<c>GET /secrets/{name}[/{version}]</c>) holding the kubeconfig of each Arc
/// cluster's virtual Kubernetes API, with the challenge-based authentication the Key Vault client expects.
/// </summary>
internal sealed class KeyVaultRoutes(EmulatorState state)
{
    public static EmulatorResponse Challenge(string tenantId) =>
        EmulatorResponse.ArmError(401, "Unauthorized", "Request is missing a Bearer or PoP token.")
            .WithHeader("WWW-Authenticate", $"Bearer authorization=\"https://login.windows.net/{tenantId}\", resource=\"https://vault.azure.net\"");

    public EmulatorResponse Handle(EmulatorRequest r)
    {
        var s = r.Segments;
        if (!r.Method.Equals("GET", StringComparison.OrdinalIgnoreCase) || s.Length is < 2 or > 3)
        {
            return EmulatorResponse.ArmError(405, "BadParameter", $"The emulator's Key Vault (a stand-in) only serves GET /secrets/{{name}}[/{{version}}], not '{r.Method} {r.Path}'.");
        }

        var name = s[1];
        var cluster = state.Clusters.Values.FirstOrDefault(c => c.Kind == ClusterKind.Arc && c.SecretName.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (cluster is null || (s.Length == 3 && !s[2].Equals(cluster.SecretVersion, StringComparison.OrdinalIgnoreCase)))
        {
            return EmulatorResponse.ArmError(404, "SecretNotFound", $"A secret with (name/id) {name}{(s.Length == 3 ? "/" + s[2] : "")} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182");
        }

        var created = cluster.CreatedAt.ToUnixTimeSeconds();
        var value = cluster.SecretValue ?? Kubeconfig.WithToken(state, cluster, "clusterUser_" + cluster.ResourceGroup + "_" + cluster.Name, cluster.UserToken);
        return new EmulatorResponse(200, new JsonObject
        {
            ["value"] = value,
            ["contentType"] = "application/x-yaml",
            ["id"] = new Uri(r.BaseUri, $"secrets/{cluster.SecretName}/{cluster.SecretVersion}").ToString(),
            ["attributes"] = new JsonObject
            {
                ["enabled"] = true,
                ["created"] = created,
                ["updated"] = created,
                ["recoveryLevel"] = "Recoverable+Purgeable",
                ["recoverableDays"] = 90,
            },
            ["tags"] = new JsonObject { ["cluster"] = cluster.Id },
        });
    }
}
