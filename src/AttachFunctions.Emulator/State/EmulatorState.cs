using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>
/// The world held by the emulator (a stand-in for Azure and Kubernetes): clusters, namespaces, workspaces, computes,
/// role assignments, principals. Tests inspect it and inject drift through the public members; drift injected here
/// does not go through the request pipeline, so it is not journalled.
/// </summary>
public sealed partial class EmulatorState
{
    internal static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly TimeProvider _time;
    private readonly EmulatorKnobs _knobs;

    internal EmulatorState(EmulatorScenario scenario, EmulatorKnobs knobs, TimeProvider time)
    {
        _time = time;
        _knobs = knobs;
        TenantId = scenario.TenantId;
        Seed(scenario);
    }

    internal Lock Gate { get; } = new();

    /// <summary>The tenant of every subscription and principal.</summary>
    public string TenantId { get; }

    internal Dictionary<string, HashSet<string>> ResourceGroups { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal Dictionary<string, string> ResourceGroupLocations { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal Dictionary<string, ClusterState> Clusters { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal Dictionary<string, ClusterState> ClustersByKey { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, WorkspaceState> Workspaces { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal Dictionary<string, SimpleResource> Resources { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal List<RoleAssignmentState> Assignments { get; } = [];
    internal Dictionary<string, PrincipalRecord> Principals { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal Dictionary<string, AsyncOperation> Operations { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal DateTimeOffset Now => _time.GetUtcNow();

    internal EmulatorKnobs Knobs => _knobs;

    /// <summary>Base address of the virtual Kubernetes API servers (set when the host has bound its ports).</summary>
    internal Uri KubernetesBase { get; set; } = new("https://127.0.0.1/");

    /// <summary>Base64 PEM of the CA that signed the Kubernetes listener's certificate (set by the host at start).</summary>
    internal string? KubernetesCertificateAuthorityData { get; set; }

    internal Uri KubernetesServer(ClusterState cluster) => new(KubernetesBase, "k8s/" + cluster.Key);

    /// <summary>Applies everything that is due by now: operations that finish, extensions that progress, namespaces that go away.</summary>
    internal void Tick()
    {
        var now = Now;
        foreach (var op in Operations.Values)
        {
            if (op.Status == "InProgress" && now >= op.CompletesAt)
            {
                op.Error = op.Complete();
                op.Status = op.Error is null ? "Succeeded" : "Failed";
                op.EndedAt = now;
            }
        }

        foreach (var cluster in Clusters.Values)
        {
            foreach (var ext in cluster.Extensions)
            {
                if (ext.Then is { } then && ext.ThenAt is { } at && now >= at)
                {
                    ext.ProvisioningState = then;
                    ext.Then = null;
                    ext.ThenAt = null;
                    ext.ModifiedAt = at;
                }
            }

            foreach (var ns in cluster.Namespaces.Values.Where(n => n.DeletingSince is { } since
                         && now >= since + _knobs.NamespaceTerminationDuration).ToList())
            {
                cluster.Namespaces.Remove(ns.Name);
            }
        }
    }

    internal static string NewToken(string prefix) =>
        prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    internal void AddResourceGroup(string subscriptionId, string resourceGroup, string location)
    {
        if (!ResourceGroups.TryGetValue(subscriptionId, out var groups))
        {
            groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            ResourceGroups[subscriptionId] = groups;
        }

        if (groups.Add(resourceGroup))
        {
            ResourceGroupLocations[EmulatorIds.ResourceGroup(subscriptionId, resourceGroup)] = location;
        }
    }

    internal void AddPrincipal(string id, string type, string? displayName, DateTimeOffset replicatedAt)
    {
        if (!Principals.ContainsKey(id))
        {
            Principals[id] = new PrincipalRecord { Id = id, Type = type, DisplayName = displayName, ReplicatedAt = replicatedAt };
        }
    }

    internal NamespaceState NewNamespace(ClusterState cluster, string name)
    {
        var ns = new NamespaceState
        {
            Name = name,
            Uid = Guid.NewGuid().ToString(),
            CreatedAt = Now,
            ResourceVersion = ++cluster.ResourceVersion,
        };
        ns.Labels["kubernetes.io/metadata.name"] = name;
        cluster.Namespaces[name] = ns;
        return ns;
    }

    internal AsyncOperation StartOperation(string subscriptionId, string location, TimeSpan duration, Func<(string Code, string Message)?> complete)
    {
        var now = Now;
        var op = new AsyncOperation
        {
            Id = Guid.NewGuid().ToString(),
            SubscriptionId = subscriptionId,
            Location = location,
            StartedAt = now,
            CompletesAt = now + duration,
            Complete = complete,
        };
        Operations[op.Id] = op;
        if (duration <= TimeSpan.Zero)
        {
            op.Error = complete();
            op.Status = op.Error is null ? "Succeeded" : "Failed";
            op.EndedAt = now;
        }

        return op;
    }

    private void Seed(EmulatorScenario scenario)
    {
        var start = Now;
        foreach (var sub in scenario.Subscriptions)
        {
            ResourceGroups.TryAdd(sub.Id, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
            foreach (var rg in sub.ResourceGroups)
            {
                AddResourceGroup(sub.Id, rg.Name, rg.Location);
            }
        }

        foreach (var p in scenario.Principals)
        {
            AddPrincipal(p.Id, p.Type, p.DisplayName, start + TimeSpan.FromSeconds(p.ReplicatesAfterSeconds));
        }

        foreach (var spec in scenario.Clusters)
        {
            SeedCluster(spec, start);
            var cluster = Clusters.Values.Last();
            var grants = spec.KubernetesGrants ?? [.. scenario.Principals.Select(p => new KubernetesGrantSpec { PrincipalId = p.Id })];
            foreach (var grant in grants)
            {
                cluster.KubernetesGrants[grant.PrincipalId] = new KubernetesGrant(new HashSet<string>(grant.Verbs, StringComparer.Ordinal), start);
            }
        }

        foreach (var uai in scenario.UserAssignedIdentities)
        {
            AddResource(uai.SubscriptionId, uai.ResourceGroup, "Microsoft.ManagedIdentity/userAssignedIdentities", uai.Name, uai.Location,
                new Dictionary<string, string>(), uai.PrincipalId, uai.ClientId);
            AddPrincipal(uai.PrincipalId, "ServicePrincipal", uai.Name, start);
        }

        foreach (var r in scenario.Registries)
        {
            AddResource(r.SubscriptionId, r.ResourceGroup, "Microsoft.ContainerRegistry/registries", r.Name, r.Location, new(r.Tags), null, null);
        }

        foreach (var r in scenario.StorageAccounts)
        {
            AddResource(r.SubscriptionId, r.ResourceGroup, "Microsoft.Storage/storageAccounts", r.Name, r.Location, new(r.Tags), null, null);
        }

        foreach (var r in scenario.RelayNamespaces)
        {
            AddResource(r.SubscriptionId, r.ResourceGroup, "Microsoft.Relay/namespaces", r.Name, r.Location, new(r.Tags), null, null);
        }

        foreach (var ws in scenario.Workspaces)
        {
            SeedWorkspace(ws, start);
        }

        foreach (var ra in scenario.RoleAssignments)
        {
            var scope = "/" + ra.Scope.Trim('/');
            Assignments.Add(new RoleAssignmentState
            {
                Scope = scope,
                Name = ra.Name ?? EmulatorIds.DeterministicGuid(scope + "|" + ra.RoleDefinitionId + "|" + ra.PrincipalId),
                RoleDefinitionGuid = EmulatorIds.RoleGuid(ra.RoleDefinitionId),
                PrincipalId = ra.PrincipalId,
                PrincipalType = ra.PrincipalType,
                CreatedOn = start,
                UpdatedOn = start,
                CreatedBy = "scenario",
                UpdatedBy = "scenario",
            });
        }
    }

    private void SeedCluster(ClusterSpec spec, DateTimeOffset start)
    {
        AddResourceGroup(spec.SubscriptionId, spec.ResourceGroup, spec.Location);
        var id = spec.Kind == ClusterKind.Aks
            ? EmulatorIds.ManagedCluster(spec.SubscriptionId, spec.ResourceGroup, spec.Name)
            : EmulatorIds.ConnectedCluster(spec.SubscriptionId, spec.ResourceGroup, spec.Name);
        var key = spec.Name.ToLowerInvariant();
        if (ClustersByKey.ContainsKey(key))
        {
            key += "-" + EmulatorIds.DeterministicGuid(id)[..8];
        }

        var cluster = new ClusterState
        {
            Id = id,
            Kind = spec.Kind,
            SubscriptionId = spec.SubscriptionId,
            ResourceGroup = spec.ResourceGroup,
            Name = spec.Name,
            Location = spec.Location,
            Tags = new Dictionary<string, string>(spec.Tags),
            EntraIntegrated = spec.Kind == ClusterKind.Aks && spec.EntraIntegrated,
            KubernetesVersion = spec.KubernetesVersion,
            Key = key,
            UserToken = NewToken("emulator-k8s-user"),
            AdminToken = NewToken("emulator-k8s-admin"),
            PrincipalId = EmulatorIds.DeterministicGuid("cluster-identity|" + id),
            SecretName = spec.KeyVaultSecretName ?? "kubeconfig-" + spec.Name.ToLowerInvariant(),
            SecretVersion = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            CreatedAt = start,
        };
        Clusters[id] = cluster;
        ClustersByKey[key] = cluster;
        AddPrincipal(cluster.PrincipalId, "ServicePrincipal", spec.Name, start);

        foreach (var name in SystemNamespaces)
        {
            NewNamespace(cluster, name);
        }

        foreach (var ext in spec.Extensions)
        {
            var principal = ext.PrincipalId ?? EmulatorIds.DeterministicGuid("extension-identity|" + id + "|" + ext.Name);
            cluster.Extensions.Add(new ExtensionState
            {
                RelayNamespaceId = RelayFor(cluster, ext.ExtensionType, ext.RelayNamespace),
                ErrorCode = ext.ErrorCode,
                ErrorMessage = ext.ErrorMessage,
                Name = ext.Name,
                ExtensionType = ext.ExtensionType,
                ProvisioningState = ext.ProvisioningState,
                Then = ext.Then,
                ThenAt = ext.Then is null ? null : start + TimeSpan.FromSeconds(ext.AfterSeconds),
                Version = ext.Version,
                ReleaseTrain = ext.ReleaseTrain,
                ReleaseNamespace = ext.ReleaseNamespace,
                PrincipalId = principal,
                CreatedAt = start,
                ModifiedAt = start,
            });
            AddPrincipal(principal, "ServicePrincipal", ext.Name, start);
            if (!cluster.Namespaces.ContainsKey(ext.ReleaseNamespace))
            {
                NewNamespace(cluster, ext.ReleaseNamespace);
            }
        }

        foreach (var ns in spec.Namespaces)
        {
            var state = cluster.Namespaces.TryGetValue(ns.Name, out var existing) ? existing : NewNamespace(cluster, ns.Name);
            foreach (var (k, v) in ns.Labels)
            {
                state.Labels[k] = v;
            }

            foreach (var (k, v) in ns.Annotations)
            {
                state.Annotations[k] = v;
            }
        }
    }

    /// <summary>
    /// The Relay namespace of an Arc cluster's Azure ML extension: the one named in the scenario, or the one the CLI
    /// creates for the cluster (which the emulator creates too). Null for AKS and for other extensions.
    /// </summary>
    internal string? RelayFor(ClusterState cluster, string extensionType, string? named)
    {
        if (cluster.Kind != ClusterKind.Arc || !extensionType.Equals(EmulatorIds.MachineLearningExtensionType, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var name = named ?? EmulatorIds.MachineLearningRelayName(cluster.Name, cluster.SubscriptionId, cluster.ResourceGroup);
        if (named is null)
        {
            AddResource(cluster.SubscriptionId, cluster.ResourceGroup, "Microsoft.Relay/namespaces", name, cluster.Location,
                new Dictionary<string, string> { ["created_by"] = "Azure Arc-enabled ML" }, null, null);
        }

        return $"{EmulatorIds.ResourceGroup(cluster.SubscriptionId, cluster.ResourceGroup)}/providers/Microsoft.Relay/namespaces/{name}";
    }

    private void SeedWorkspace(WorkspaceSpec spec, DateTimeOffset start)
    {
        AddResourceGroup(spec.SubscriptionId, spec.ResourceGroup, spec.Location);
        var system = spec.IdentityType.Contains("SystemAssigned", StringComparison.OrdinalIgnoreCase);
        var user = spec.IdentityType.Contains("UserAssigned", StringComparison.OrdinalIgnoreCase);
        var id = EmulatorIds.Workspace(spec.SubscriptionId, spec.ResourceGroup, spec.Name);
        var ws = new WorkspaceState
        {
            Id = id,
            SubscriptionId = spec.SubscriptionId,
            ResourceGroup = spec.ResourceGroup,
            Name = spec.Name,
            Location = spec.Location,
            IdentityType = WorkspaceIdentityType(system, user),
            PrincipalId = system ? spec.PrincipalId ?? EmulatorIds.DeterministicGuid("workspace-identity|" + id) : null,
            PrimaryUserAssignedIdentity = user ? spec.PrimaryUserAssignedIdentity ?? spec.UserAssignedIdentityId : null,
            CreatedAt = start,
        };
        if (user)
        {
            foreach (var identity in new[] { spec.UserAssignedIdentityId }.Concat(spec.UserAssignedIdentityIds).Concat([spec.PrimaryUserAssignedIdentity]).OfType<string>())
            {
                if (!ws.UserAssignedIdentityIds.Contains(identity, StringComparer.OrdinalIgnoreCase))
                {
                    ws.UserAssignedIdentityIds.Add(identity);
                }
            }
        }

        Workspaces[id] = ws;
        if (ws.PrincipalId is { } p)
        {
            AddPrincipal(p, "ServicePrincipal", spec.Name, start);
        }

        foreach (var c in spec.Computes)
        {
            var computeSystem = c.IdentityType.Equals("SystemAssigned", StringComparison.OrdinalIgnoreCase);
            var principal = computeSystem ? c.PrincipalId ?? EmulatorIds.DeterministicGuid("compute-identity|" + id + "|" + c.Name) : null;
            if (principal is not null)
            {
                AddPrincipal(principal, "ServicePrincipal", spec.Name + "/computes/" + c.Name, start);
            }

            var props = new JsonObject
            {
                ["computeType"] = "Kubernetes",
                ["resourceId"] = c.ResourceId,
                ["properties"] = new JsonObject { ["namespace"] = c.Namespace },
            };
            if (c.Description is not null)
            {
                props["description"] = c.Description;
            }

            ws.Computes[c.Name] = new ComputeState
            {
                Name = c.Name,
                Location = spec.Location,
                IdentityType = computeSystem ? "SystemAssigned" : c.IdentityType,
                PrincipalId = principal,
                UserAssignedIdentityIds = c.UserAssignedIdentityId is null ? [] : [c.UserAssignedIdentityId],
                ResourceId = c.ResourceId,
                RequestProperties = props,
                ProvisioningState = c.ProvisioningState,
                CreatedOn = start,
                ModifiedOn = start,
            };
        }
    }

    private void AddResource(string sub, string rg, string type, string name, string location, Dictionary<string, string> tags, string? principalId, string? clientId)
    {
        AddResourceGroup(sub, rg, location);
        var id = $"{EmulatorIds.ResourceGroup(sub, rg)}/providers/{type}/{name}";
        Resources[id] = new SimpleResource
        {
            Id = id,
            Type = type,
            SubscriptionId = sub,
            ResourceGroup = rg,
            Name = name,
            Location = location,
            Tags = tags,
            PrincipalId = principalId,
            ClientId = clientId,
        };
    }
}
