using System.Text;

namespace AttachFunctions.Emulator;

/// <summary>Kubeconfig YAML for a cluster's virtual Kubernetes API, shaped as AKS returns it.</summary>
internal static class Kubeconfig
{
    /// <summary>The user kubeconfig: a kubelogin exec plugin for Entra-integrated clusters, else a static token.</summary>
    public static string ForUser(EmulatorState state, ClusterState cluster)
    {
        var user = "clusterUser_" + cluster.ResourceGroup + "_" + cluster.Name;
        if (!cluster.EntraIntegrated)
        {
            return WithToken(state, cluster, user, cluster.UserToken);
        }

        var builder = Header(state, cluster, user);
        builder.Append("  user:\n")
            .Append("    exec:\n")
            .Append("      apiVersion: client.authentication.k8s.io/v1beta1\n")
            .Append("      command: kubelogin\n")
            .Append("      args:\n")
            .Append("      - get-token\n")
            .Append("      - --environment\n")
            .Append("      - AzurePublicCloud\n")
            .Append("      - --server-id\n")
            .Append("      - ").Append(EmulatorIds.AksServerApplicationId).Append('\n')
            .Append("      - --client-id\n")
            .Append("      - ").Append(EmulatorIds.AksClientApplicationId).Append('\n')
            .Append("      - --tenant-id\n")
            .Append("      - ").Append(state.TenantId).Append('\n')
            .Append("      - --login\n")
            .Append("      - devicecode\n")
            .Append("      env: null\n")
            .Append("      installHint: |\n")
            .Append("        kubelogin is not installed which is required to connect to AAD enabled cluster.\n")
            .Append("      provideClusterInfo: false\n");
        return builder.ToString();
    }

    /// <summary>A kubeconfig whose user authenticates with a static bearer token.</summary>
    public static string WithToken(EmulatorState state, ClusterState cluster, string user, string token)
    {
        var builder = Header(state, cluster, user);
        builder.Append("  user:\n").Append("    token: ").Append(token).Append('\n');
        return builder.ToString();
    }

    private static StringBuilder Header(EmulatorState state, ClusterState cluster, string user)
    {
        var server = state.KubernetesServer(cluster).ToString();
        return new StringBuilder()
            .Append("apiVersion: v1\n")
            .Append("kind: Config\n")
            .Append("clusters:\n")
            .Append("- cluster:\n")
            .Append("    certificate-authority-data: ").Append(state.KubernetesCertificateAuthorityData).Append('\n')
            .Append("    server: ").Append(server).Append('\n')
            .Append("  name: ").Append(cluster.Name).Append('\n')
            .Append("contexts:\n")
            .Append("- context:\n")
            .Append("    cluster: ").Append(cluster.Name).Append('\n')
            .Append("    user: ").Append(user).Append('\n')
            .Append("  name: ").Append(cluster.Name).Append('\n')
            .Append("current-context: ").Append(cluster.Name).Append('\n')
            .Append("preferences: {}\n")
            .Append("users:\n")
            .Append("- name: ").Append(user).Append('\n');
    }
}
