using System.Text;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>AKS managed clusters and Arc connected clusters: GET, LIST (paged), AKS credentials, managed namespaces.</summary>
internal sealed class ClusterRoutes(EmulatorState state)
{
    private readonly ManagedNamespaceRoutes _managedNamespaces = new(state);

    public EmulatorResponse Handle(EmulatorRequest r, ClusterKind kind, string sub, string rg, string? name, string[] rest)
    {
        if (name is null)
        {
            return ArmRouter.HttpGetOnly(r, () => List(r, kind, sub, rg));
        }

        var id = kind == ClusterKind.Aks ? EmulatorIds.ManagedCluster(sub, rg, name) : EmulatorIds.ConnectedCluster(sub, rg, name);
        if (!state.Clusters.TryGetValue(id, out var cluster))
        {
            var type = kind == ClusterKind.Aks ? "Microsoft.ContainerService/managedClusters" : "Microsoft.Kubernetes/connectedClusters";
            return EmulatorResponse.NotFound(type, name, rg);
        }

        if (rest.Length == 0)
        {
            return ArmRouter.HttpGetOnly(r, () => new EmulatorResponse(200, ToJson(cluster)));
        }

        if (kind == ClusterKind.Aks && rest.Length == 1 && r.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
        {
            if (rest[0].Equals("listClusterUserCredential", StringComparison.OrdinalIgnoreCase))
            {
                return Credentials("clusterUser", Kubeconfig.ForUser(state, cluster));
            }

            if (rest[0].Equals("listClusterAdminCredential", StringComparison.OrdinalIgnoreCase))
            {
                return Credentials("clusterAdmin", Kubeconfig.WithToken(state, cluster, "clusterAdmin_" + cluster.ResourceGroup + "_" + cluster.Name, cluster.AdminToken));
            }
        }

        if (kind == ClusterKind.Aks && rest[0].Equals("managedNamespaces", StringComparison.OrdinalIgnoreCase) && rest.Length <= 2)
        {
            return _managedNamespaces.Handle(r, cluster, rest.Length == 2 ? rest[1] : null);
        }

        return ArmRouter.NoRoute(r);
    }

    public EmulatorResponse List(EmulatorRequest r, ClusterKind kind, string sub, string? rg)
    {
        var items = state.Clusters.Values
            .Where(c => c.Kind == kind
                && c.SubscriptionId.Equals(sub, StringComparison.OrdinalIgnoreCase)
                && (rg is null || c.ResourceGroup.Equals(rg, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Id, StringComparer.OrdinalIgnoreCase)
            .Select(c => (JsonNode)ToJson(c));
        return new EmulatorResponse(200, Paging.Page(items, r, state.Knobs.PageSize));
    }

    private static EmulatorResponse Credentials(string name, string kubeconfig) =>
        new(200, new JsonObject
        {
            ["kubeconfigs"] = new JsonArray(new JsonObject
            {
                ["name"] = name,
                ["value"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(kubeconfig)),
            }),
        });

    private JsonObject ToJson(ClusterState c)
    {
        var tags = new JsonObject();
        foreach (var (k, v) in c.Tags)
        {
            tags[k] = v;
        }

        var identity = new JsonObject { ["type"] = "SystemAssigned", ["principalId"] = c.PrincipalId, ["tenantId"] = state.TenantId };
        JsonObject properties;
        if (c.Kind == ClusterKind.Aks)
        {
            var fqdn = $"{c.Name.ToLowerInvariant()}-dns-{EmulatorIds.DeterministicGuid(c.Id)[..8]}.hcp.{c.Location}.azmk8s.io";
            properties = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["powerState"] = new JsonObject { ["code"] = "Running" },
                ["kubernetesVersion"] = c.KubernetesVersion,
                ["currentKubernetesVersion"] = c.KubernetesVersion,
                ["dnsPrefix"] = c.Name.ToLowerInvariant() + "-dns",
                ["fqdn"] = fqdn,
                ["enableRBAC"] = true,
                ["disableLocalAccounts"] = false,
                ["nodeResourceGroup"] = $"MC_{c.ResourceGroup}_{c.Name}_{c.Location}",
                ["aadProfile"] = c.EntraIntegrated
                    ? new JsonObject { ["managed"] = true, ["enableAzureRBAC"] = true, ["tenantID"] = state.TenantId }
                    : null,
            };
        }
        else
        {
            properties = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["connectivityStatus"] = "Connected",
                ["kubernetesVersion"] = c.KubernetesVersion,
                ["distribution"] = "k3s",
                ["infrastructure"] = "generic",
                ["agentVersion"] = "1.24.4",
                ["totalNodeCount"] = 3,
            };
        }

        return new JsonObject
        {
            ["id"] = c.Id,
            ["name"] = c.Name,
            ["type"] = c.ProviderPath,
            ["location"] = c.Location,
            ["tags"] = tags,
            ["identity"] = identity,
            ["properties"] = properties,
        };
    }
}
