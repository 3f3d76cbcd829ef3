namespace AttachFunctions.Emulator;

/// <summary>Per-cluster authorization of Entra principals on the Kubernetes API (state hooks for tests).</summary>
public sealed partial class EmulatorState
{
    /// <summary>
    /// Grants <paramref name="principalId"/> <paramref name="verbs"/> on the cluster's namespaces (none given: all). The API
    /// server honours it after <see cref="EmulatorKnobs.KubernetesGrantPropagationDelay"/> on the emulator's clock, as a
    /// new Azure RBAC for Kubernetes role assignment or ClusterRoleBinding takes a while to apply.
    /// </summary>
    public void GrantKubernetes(string clusterId, string principalId, params string[] verbs)
    {
        lock (Gate)
        {
            var cluster = RequireCluster(clusterId);
            cluster.KubernetesGrants[principalId] = new KubernetesGrant(
                new HashSet<string>(verbs.Length == 0 ? ["*"] : verbs, StringComparer.Ordinal), Now + _knobs.KubernetesGrantPropagationDelay);
        }
    }

    /// <summary>Removes every Kubernetes permission of <paramref name="principalId"/> on the cluster (at once).</summary>
    public void RevokeKubernetes(string clusterId, string principalId)
    {
        lock (Gate)
        {
            RequireCluster(clusterId).KubernetesGrants.Remove(principalId);
        }
    }
}
