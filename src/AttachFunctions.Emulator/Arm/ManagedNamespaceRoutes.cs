using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>
/// AKS managed namespaces (managedClusters/{c}/managedNamespaces): PUT/GET/LIST/DELETE, mirrored into the cluster's
/// Kubernetes namespaces with the label <c>kubernetes.azure.com/managedByArm: "true"</c>.
/// </summary>
internal sealed partial class ManagedNamespaceRoutes(EmulatorState state)
{
    public const string ManagedLabel = "kubernetes.azure.com/managedByArm";

    public EmulatorResponse Handle(EmulatorRequest r, ClusterState cluster, string? name)
    {
        if (name is null)
        {
            return ArmRouter.HttpGetOnly(r, () => new EmulatorResponse(200,
                Paging.Page(cluster.ManagedNamespaces.Values.Select(m => (JsonNode)ToJson(cluster, m, "Succeeded")), r, state.Knobs.PageSize)));
        }

        return r.Method.ToUpperInvariant() switch
        {
            "GET" => cluster.ManagedNamespaces.TryGetValue(name, out var m)
                ? new EmulatorResponse(200, ToJson(cluster, m, "Succeeded"))
                : NotFound(cluster, name),
            "PUT" => Put(r, cluster, name),
            "DELETE" => Delete(r, cluster, name),
            _ => ArmRouter.MethodNotAllowed(r),
        };
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    private static EmulatorResponse NotFound(ClusterState cluster, string name) =>
        EmulatorResponse.ArmError(404, "NotFound", $"Managed namespace '{name}' was not found in managed cluster '{cluster.Name}'.");

    private EmulatorResponse Put(EmulatorRequest r, ClusterState cluster, string name)
    {
        if (name.Length > 63 || !NamePattern().IsMatch(name))
        {
            return EmulatorResponse.ArmError(400, "InvalidParameter", $"The managed namespace name '{name}' is invalid: it must match [a-z0-9]([-a-z0-9]*[a-z0-9])? and be at most 63 characters.");
        }

        if (EmulatorState.SystemNamespaces.Contains(name, StringComparer.Ordinal) && name != "default")
        {
            return EmulatorResponse.ArmError(400, "InvalidParameter", $"The system namespace '{name}' cannot be managed.");
        }

        var body = r.JsonBody();
        if (body?["properties"] is not JsonObject properties)
        {
            return EmulatorResponse.ArmError(400, "InvalidRequestContent", "The request content must contain 'properties'.");
        }

        var adoption = properties["adoptionPolicy"]?.GetValue<string>() ?? "Never";
        var created = !cluster.ManagedNamespaces.ContainsKey(name);
        cluster.Namespaces.TryGetValue(name, out var ns);
        if (created && ns is not null && adoption.Equals("Never", StringComparison.OrdinalIgnoreCase))
        {
            return EmulatorResponse.ArmError(409, "Conflict", $"Namespace '{name}' already exists in the cluster and adoptionPolicy is Never.");
        }

        if (ns is { Terminating: true })
        {
            return EmulatorResponse.ArmError(409, "Conflict", $"Namespace '{name}' is being deleted.");
        }

        properties = (JsonObject)properties.DeepClone();
        properties.Remove("provisioningState");
        properties.Remove("portalFqdn");
        var labels = properties["labels"] as JsonObject ?? [];
        labels[ManagedLabel] = "true";
        properties["labels"] = labels;
        properties["defaultNetworkPolicy"] ??= new JsonObject { ["ingress"] = "AllowSameNamespace", ["egress"] = "AllowAll" };
        var managed = new ManagedNamespaceState
        {
            Name = name,
            Location = body["location"]?.GetValue<string>() ?? cluster.Location,
            Tags = body["tags"]?.DeepClone() as JsonObject,
            Properties = properties,
        };
        cluster.ManagedNamespaces[name] = managed;

        ns ??= state.NewNamespace(cluster, name);
        foreach (var (k, v) in labels)
        {
            ns.Labels[k] = v?.GetValue<string>() ?? "";
        }

        if (properties["annotations"] is JsonObject annotations)
        {
            foreach (var (k, v) in annotations)
            {
                ns.Annotations[k] = v?.GetValue<string>() ?? "";
            }
        }

        ns.ResourceVersion = ++cluster.ResourceVersion;
        var op = state.StartOperation(cluster.SubscriptionId, cluster.Location, TimeSpan.Zero, () => null);
        return new EmulatorResponse(created ? 201 : 200, ToJson(cluster, managed, "Succeeded"))
            .WithHeader("Azure-AsyncOperation", OperationRoutes.ContainerServiceStatusUrl(r.BaseUri, op));
    }

    private EmulatorResponse Delete(EmulatorRequest r, ClusterState cluster, string name)
    {
        if (!cluster.ManagedNamespaces.Remove(name, out var managed))
        {
            return new EmulatorResponse(204);
        }

        if (cluster.Namespaces.TryGetValue(name, out var ns))
        {
            var deletePolicy = managed.Properties["deletePolicy"]?.GetValue<string>() ?? "Keep";
            if (deletePolicy.Equals("Delete", StringComparison.OrdinalIgnoreCase))
            {
                ns.DeletingSince ??= state.Now;
            }
            else
            {
                ns.Labels.Remove(ManagedLabel);
            }

            ns.ResourceVersion = ++cluster.ResourceVersion;
        }

        var op = state.StartOperation(cluster.SubscriptionId, cluster.Location, TimeSpan.Zero, () => null);
        var url = OperationRoutes.ContainerServiceStatusUrl(r.BaseUri, op);
        return new EmulatorResponse(202)
            .WithHeader("Azure-AsyncOperation", url)
            .WithHeader("Location", url)
            .WithHeader("Retry-After", "0");
    }

    private static JsonObject ToJson(ClusterState cluster, ManagedNamespaceState m, string provisioningState)
    {
        var properties = (JsonObject)m.Properties.DeepClone();
        properties["provisioningState"] = provisioningState;
        var json = new JsonObject
        {
            ["id"] = cluster.Id + "/managedNamespaces/" + m.Name,
            ["name"] = m.Name,
            ["type"] = "Microsoft.ContainerService/managedClusters/managedNamespaces",
            ["location"] = m.Location,
            ["properties"] = properties,
        };
        if (m.Tags is not null)
        {
            json["tags"] = m.Tags.DeepClone();
        }

        return json;
    }
}
