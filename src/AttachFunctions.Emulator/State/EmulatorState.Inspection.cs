namespace AttachFunctions.Emulator;

/// <summary>A Kubernetes namespace as the emulator holds it.</summary>
public sealed record NamespaceInfo(string Name, string Phase, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>A compute as the emulator holds it.</summary>
public sealed record ComputeInfo(
    string Name,
    string ResourceId,
    string Namespace,
    string ProvisioningState,
    string IdentityType,
    string? PrincipalId,
    IReadOnlyList<string> ErrorCodes,
    DateTimeOffset CreatedOn);

/// <summary>A role assignment as the emulator holds it.</summary>
public sealed record RoleAssignmentInfo(string Id, string Scope, string Name, string RoleDefinitionGuid, string PrincipalId, string PrincipalType);

/// <summary>A cluster extension as the emulator holds it.</summary>
public sealed record ExtensionInfo(string Name, string ExtensionType, string ProvisioningState);

public sealed partial class EmulatorState
{
    /// <summary>Namespaces in a cluster right now (including Terminating ones).</summary>
    public IReadOnlyList<NamespaceInfo> Namespaces(string clusterId)
    {
        lock (Gate)
        {
            Tick();
            return [.. RequireCluster(clusterId).Namespaces.Values.OrderBy(n => n.Name, StringComparer.Ordinal).Select(n =>
                new NamespaceInfo(n.Name, n.Terminating ? "Terminating" : "Active",
                    new Dictionary<string, string>(n.Labels), new Dictionary<string, string>(n.Annotations)))];
        }
    }

    /// <summary>Computes of a workspace right now.</summary>
    public IReadOnlyList<ComputeInfo> Computes(string workspaceId)
    {
        lock (Gate)
        {
            Tick();
            return [.. RequireWorkspace(workspaceId).Computes.Values.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(ToInfo)];
        }
    }

    /// <summary>One compute, or null.</summary>
    public ComputeInfo? Compute(string workspaceId, string computeName)
    {
        lock (Gate)
        {
            Tick();
            return RequireWorkspace(workspaceId).Computes.TryGetValue(computeName, out var c) ? ToInfo(c) : null;
        }
    }

    /// <summary>Role assignments right now, optionally only those for one principal.</summary>
    public IReadOnlyList<RoleAssignmentInfo> RoleAssignments(string? principalId = null)
    {
        lock (Gate)
        {
            return [.. Assignments
                .Where(a => principalId is null || a.PrincipalId.Equals(principalId, StringComparison.OrdinalIgnoreCase))
                .Select(a => new RoleAssignmentInfo(a.Id, a.Scope, a.Name, a.RoleDefinitionGuid, a.PrincipalId, a.PrincipalType))];
        }
    }

    /// <summary>Extensions on a cluster right now.</summary>
    public IReadOnlyList<ExtensionInfo> Extensions(string clusterId)
    {
        lock (Gate)
        {
            Tick();
            return [.. RequireCluster(clusterId).Extensions.Select(e => new ExtensionInfo(e.Name, e.ExtensionType, e.ProvisioningState))];
        }
    }

    /// <summary>The Relay namespace id an Arc cluster's Azure ML extension uses (null when it has none).</summary>
    public string? RelayNamespaceOf(string clusterId)
    {
        lock (Gate)
        {
            return RequireCluster(clusterId).Extensions.Select(e => e.RelayNamespaceId).OfType<string>().FirstOrDefault();
        }
    }

    /// <summary>Drift: deletes a Relay namespace (as when someone removes the one an Arc cluster's ML extension uses).</summary>
    public bool DeleteRelayNamespace(string relayNamespaceId)
    {
        lock (Gate)
        {
            return Resources.Remove(relayNamespaceId.TrimEnd('/'));
        }
    }

    /// <summary>The key of a cluster's virtual Kubernetes API (the path segment under <c>/k8s/</c>).</summary>
    public string ClusterKey(string clusterId)
    {
        lock (Gate)
        {
            return RequireCluster(clusterId).Key;
        }
    }

    /// <summary>The Key Vault secret holding an (Arc) cluster's kubeconfig.</summary>
    public string KeyVaultSecretName(string clusterId)
    {
        lock (Gate)
        {
            return RequireCluster(clusterId).SecretName;
        }
    }

    /// <summary>
    /// The kubeconfig the (Arc) cluster's Key Vault secret holds unless a test stored another value: its virtual API
    /// server and a static token the server accepts.
    /// </summary>
    public string GeneratedKubeconfig(string clusterId)
    {
        lock (Gate)
        {
            var cluster = RequireCluster(clusterId);
            return Kubeconfig.WithToken(this, cluster, "clusterUser_" + cluster.ResourceGroup + "_" + cluster.Name, cluster.UserToken);
        }
    }

    /// <summary>
    /// Stores <paramref name="value"/> (any text, e.g. a hostile kubeconfig) in the cluster's Key Vault secret as a new
    /// version; null goes back to the generated kubeconfig.
    /// </summary>
    public void SetKubeconfigSecret(string clusterId, string? value)
    {
        lock (Gate)
        {
            var cluster = RequireCluster(clusterId);
            cluster.SecretValue = value;
            cluster.SecretVersion = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        }
    }

    /// <summary>
    /// Rotates the cluster's service-account token: the API server answers 401 Unauthorized to the old one, and
    /// the generated kubeconfig in Key Vault carries the new one (as a new secret version).
    /// </summary>
    public void RotateKubeconfigToken(string clusterId)
    {
        lock (Gate)
        {
            var cluster = RequireCluster(clusterId);
            cluster.RevokedTokens.Add(cluster.UserToken);
            cluster.UserToken = NewToken("emulator-k8s-user");
            cluster.SecretVersion = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        }
    }

    /// <summary>Ids of every cluster.</summary>
    public IReadOnlyList<string> ClusterIds()
    {
        lock (Gate)
        {
            return [.. Clusters.Values.Select(c => c.Id)];
        }
    }

    /// <summary>Whether a principal exists and has replicated (so role assignments to it are accepted).</summary>
    public bool IsPrincipalReplicated(string principalId)
    {
        lock (Gate)
        {
            return Principals.TryGetValue(principalId, out var p) && Now >= p.ReplicatedAt;
        }
    }

    /// <summary>Drift: removes a compute (as if someone detached it).</summary>
    public bool DeleteCompute(string workspaceId, string computeName)
    {
        lock (Gate)
        {
            return RequireWorkspace(workspaceId).Computes.Remove(computeName);
        }
    }

    /// <summary>Drift: marks a compute Failed with a provisioning error.</summary>
    public void SetComputeFailed(string workspaceId, string computeName, string code = "InternalServerError", string message = "An internal server error occurred. If the problem persists, contact support")
    {
        lock (Gate)
        {
            var compute = RequireWorkspace(workspaceId).Computes[computeName];
            compute.ProvisioningState = "Failed";
            compute.PendingOperationId = null;
            compute.Errors.Clear();
            compute.Errors.Add((code, message));
        }
    }

    /// <summary>Someone else grants: adds a role assignment under its own name (as another writer's PUT would).</summary>
    public void AddRoleAssignment(string scope, string name, string roleDefinitionGuid, string principalId)
    {
        lock (Gate)
        {
            var now = Now;
            Assignments.Add(new RoleAssignmentState
            {
                Scope = "/" + scope.Trim('/'),
                Name = name,
                RoleDefinitionGuid = roleDefinitionGuid,
                PrincipalId = principalId,
                PrincipalType = "ServicePrincipal",
                CreatedOn = now,
                UpdatedOn = now,
                CreatedBy = "another-writer",
                UpdatedBy = "another-writer",
            });
        }
    }

    /// <summary>Drift: removes a role assignment by id.</summary>
    public bool DeleteRoleAssignment(string roleAssignmentId)
    {
        lock (Gate)
        {
            return Assignments.RemoveAll(a => a.Id.Equals(roleAssignmentId, StringComparison.OrdinalIgnoreCase)) > 0;
        }
    }

    /// <summary>Drift: removes a namespace from a cluster at once (no Terminating phase).</summary>
    public bool DeleteNamespace(string clusterId, string name)
    {
        lock (Gate)
        {
            // Gone entirely: for AKS also its managed-namespace resource, as when an operator deletes both.
            var cluster = RequireCluster(clusterId);
            cluster.ManagedNamespaces.Remove(name);
            return cluster.Namespaces.Remove(name);
        }
    }

    /// <summary>Drift: creates a namespace in a cluster.</summary>
    public void CreateNamespace(string clusterId, string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        lock (Gate)
        {
            var ns = NewNamespace(RequireCluster(clusterId), name);
            foreach (var (k, v) in labels ?? new Dictionary<string, string>())
            {
                ns.Labels[k] = v;
            }
        }
    }

    /// <summary>Sets an extension's provisioning state (adding the extension when it is missing), cancelling any scheduled progress.</summary>
    public void SetExtensionState(string clusterId, string extensionName, string provisioningState, string extensionType = EmulatorIds.MachineLearningExtensionType)
    {
        lock (Gate)
        {
            var cluster = RequireCluster(clusterId);
            var ext = cluster.Extensions.FirstOrDefault(e => e.Name.Equals(extensionName, StringComparison.OrdinalIgnoreCase));
            if (ext is null)
            {
                ext = new ExtensionState
                {
                    Name = extensionName,
                    ExtensionType = extensionType,
                    ProvisioningState = provisioningState,
                    Version = "1.1.64",
                    ReleaseTrain = "stable",
                    ReleaseNamespace = "azureml",
                    PrincipalId = EmulatorIds.DeterministicGuid("extension-identity|" + cluster.Id + "|" + extensionName),
                    CreatedAt = Now,
                    RelayNamespaceId = RelayFor(cluster, extensionType, null),
                };
                cluster.Extensions.Add(ext);
                AddPrincipal(ext.PrincipalId, "ServicePrincipal", extensionName, Now);
            }

            ext.ProvisioningState = provisioningState;
            ext.Then = null;
            ext.ThenAt = null;
            ext.ModifiedAt = Now;
        }
    }

    /// <summary>Removes an extension from a cluster.</summary>
    public bool RemoveExtension(string clusterId, string extensionName)
    {
        lock (Gate)
        {
            return RequireCluster(clusterId).Extensions.RemoveAll(e => e.Name.Equals(extensionName, StringComparison.OrdinalIgnoreCase)) > 0;
        }
    }

    /// <summary>Adds a directory principal that replicates after the given delay.</summary>
    public void AddPrincipal(string principalId, TimeSpan replicatesAfter, string type = "ServicePrincipal")
    {
        lock (Gate)
        {
            AddPrincipal(principalId, type, null, Now + replicatesAfter);
        }
    }

    private static ComputeInfo ToInfo(ComputeState c) => new(
        c.Name, c.ResourceId, c.Namespace, c.ProvisioningState, c.IdentityType, c.PrincipalId,
        [.. c.Errors.Select(e => e.Code)], c.CreatedOn);

    /// <summary>
    /// The cluster is deleted (as by <c>az aks delete</c>): it, its extensions and namespaces are gone. Computes that
    /// were attached to it stay in their workspaces, pointing at a cluster that no longer exists, as in Azure.
    /// </summary>
    public bool DeleteCluster(string clusterId)
    {
        lock (Gate)
        {
            return Clusters.Remove(clusterId.TrimEnd('/'));
        }
    }

    private ClusterState RequireCluster(string clusterId) =>
        Clusters.TryGetValue(clusterId.TrimEnd('/'), out var c)
            ? c
            : throw new KeyNotFoundException($"The emulator has no cluster '{clusterId}'.");

    private WorkspaceState RequireWorkspace(string workspaceId) =>
        Workspaces.TryGetValue(workspaceId.TrimEnd('/'), out var w)
            ? w
            : throw new KeyNotFoundException($"The emulator has no workspace '{workspaceId}'.");
}
