using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>
/// AKS managed namespaces (managedClusters/{c}/managedNamespaces): PUT/GET/LIST/DELETE, mirrored into the cluster's
/// Kubernetes namespaces with the label <c>kubernetes.azure.com/managedByArm: "true"</c>.
/// Both writes are long-running, as azure-rest-api-specs
/// <c>specification/containerservice/resource-manager/Microsoft.ContainerService/aks/ManagedNamespace.tsp</c> declares them
/// (<c>ArmResourceCreateOrReplaceAsync</c>; <c>ArmResourceDeleteWithoutOkAsync</c> with
/// <c>ArmAsyncOperationHeaderWithLocation &amp; RetryAfterHeader</c>) and its examples show
/// (<c>ManagedNamespacesCreate_Update.json</c>: 201 with <c>provisioningState: Updating</c>;
/// <c>ManagedNamespacesDelete.json</c>: 202 with <c>location</c>, or 204). The resource stays <c>Updating</c> or
/// <c>Deleting</c> until its operation ends (<see cref="EmulatorKnobs.ManagedNamespaceDuration"/>); only then does the
/// cluster's namespace change. An operation can end <c>Failed</c> with an error (the scenario hook
/// <see cref="EmulatorState.FailManagedNamespaceOperations"/>, or the adoption refusal below), and the resource then
/// stays in ARM with <c>provisioningState: Failed</c>, as ARM resources whose asynchronous PUT failed do.
/// </summary>
internal sealed partial class ManagedNamespaceRoutes(EmulatorState state)
{
    public const string ManagedLabel = "kubernetes.azure.com/managedByArm";

    /// <summary>
    /// The error code of the adoption refusal. Learn (.NET API reference, <c>NamespaceAdoptionPolicy.Never</c>): "If the
    /// namespace already exists in Kubernetes, attempts to create that same namespace in ARM will fail." Neither the
    /// code nor whether the refusal is synchronous is documented; the emulator reports it in the operation (the client
    /// must poll to learn it, the stricter of the two) with this code, an assumption a client must not depend on alone.
    /// </summary>
    public const string AdoptionRefusedCode = "NamespaceAlreadyExists";

    public EmulatorResponse Handle(EmulatorRequest r, ClusterState cluster, string? name)
    {
        if (name is null)
        {
            return ArmRouter.HttpGetOnly(r, () => new EmulatorResponse(200,
                Paging.Page(cluster.ManagedNamespaces.Values.Select(m => (JsonNode)ToJson(cluster, m)), r, state.Knobs.PageSize)));
        }

        return r.Method.ToUpperInvariant() switch
        {
            "GET" => cluster.ManagedNamespaces.TryGetValue(name, out var m)
                ? new EmulatorResponse(200, ToJson(cluster, m))
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

        cluster.ManagedNamespaces.TryGetValue(name, out var existing);
        if (existing is { ProvisioningState: "Deleting" })
        {
            return EmulatorResponse.ArmError(409, "OperationNotAllowed", $"Managed namespace '{name}' is being deleted; it cannot be updated until the deletion has finished.");
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
            ProvisioningState = "Updating",
        };
        cluster.ManagedNamespaces[name] = managed;

        var op = state.StartOperation(cluster.SubscriptionId, cluster.Location, state.Knobs.ManagedNamespaceDuration, () => CompletePut(cluster, managed));
        return new EmulatorResponse(existing is null ? 201 : 200, ToJson(cluster, managed))
            .WithHeader("Azure-AsyncOperation", OperationRoutes.ContainerServiceStatusUrl(r.BaseUri, op))
            .WithHeader("Retry-After", OperationRoutes.RetryAfter(state));
    }

    /// <summary>The end of a PUT's operation: the cluster's namespace is created or labelled, or the operation fails.</summary>
    private (string Code, string Message)? CompletePut(ClusterState cluster, ManagedNamespaceState managed)
    {
        if (!cluster.ManagedNamespaces.TryGetValue(managed.Name, out var current) || !ReferenceEquals(current, managed))
        {
            return null; // Superseded by a later PUT or DELETE, which reports for itself.
        }

        var name = managed.Name;
        var error = state.TakeManagedNamespaceFailure(cluster, name) ?? RefusalInCluster(cluster, managed);
        if (error is not null)
        {
            managed.ProvisioningState = "Failed";
            return error;
        }

        if (!cluster.Namespaces.TryGetValue(name, out var ns))
        {
            ns = state.NewNamespace(cluster, name);
        }

        foreach (var (k, v) in (JsonObject)managed.Properties["labels"]!)
        {
            ns.Labels[k] = v?.GetValue<string>() ?? "";
        }

        if (managed.Properties["annotations"] is JsonObject annotations)
        {
            foreach (var (k, v) in annotations)
            {
                ns.Annotations[k] = v?.GetValue<string>() ?? "";
            }
        }

        ns.ResourceVersion = ++cluster.ResourceVersion;
        managed.ProvisioningState = "Succeeded";
        return null;
    }

    /// <summary>
    /// What the cluster refuses: a namespace that is being deleted, or one that exists without ARM's label when the
    /// adoption policy does not allow taking it over (AdoptionPolicy in <c>aks/ManagedNamespace.tsp</c>: Never fails,
    /// IfIdentical adopts only when nothing differs, Always adopts).
    /// </summary>
    private static (string Code, string Message)? RefusalInCluster(ClusterState cluster, ManagedNamespaceState managed)
    {
        if (!cluster.Namespaces.TryGetValue(managed.Name, out var ns))
        {
            return null;
        }

        if (ns.Terminating)
        {
            return ("OperationNotAllowed", $"Namespace '{managed.Name}' in managed cluster '{cluster.Name}' is being deleted; retry after it is gone.");
        }

        if (ns.Labels.TryGetValue(ManagedLabel, out var byArm) && byArm == "true")
        {
            return null;
        }

        var adoption = managed.Properties["adoptionPolicy"]?.GetValue<string>() ?? "Never";
        var identical = Identical(ns.Labels, managed.Properties["labels"] as JsonObject, ignore: ManagedLabel)
            && Identical(ns.Annotations, managed.Properties["annotations"] as JsonObject, ignore: null);
        if (adoption.Equals("Always", StringComparison.OrdinalIgnoreCase) || (adoption.Equals("IfIdentical", StringComparison.OrdinalIgnoreCase) && identical))
        {
            return null;
        }

        return (AdoptionRefusedCode,
            $"Namespace '{managed.Name}' already exists in managed cluster '{cluster.Name}' and is not managed by ARM; adoptionPolicy {adoption} does not allow adopting it.");
    }

    private static bool Identical(Dictionary<string, string> actual, JsonObject? wanted, string? ignore) =>
        wanted is null || wanted.All(w => w.Key == ignore || (actual.TryGetValue(w.Key, out var v) && v == w.Value?.GetValue<string>()));

    private EmulatorResponse Delete(EmulatorRequest r, ClusterState cluster, string name)
    {
        if (!cluster.ManagedNamespaces.TryGetValue(name, out var managed))
        {
            return new EmulatorResponse(204);
        }

        managed.ProvisioningState = "Deleting";
        var op = state.StartOperation(cluster.SubscriptionId, cluster.Location, state.Knobs.ManagedNamespaceDuration, () => CompleteDelete(cluster, managed));
        var url = OperationRoutes.ContainerServiceStatusUrl(r.BaseUri, op);
        return new EmulatorResponse(202)
            .WithHeader("Azure-AsyncOperation", url)
            .WithHeader("Location", url)
            .WithHeader("Retry-After", OperationRoutes.RetryAfter(state));
    }

    /// <summary>The end of a DELETE's operation: the resource goes, and the namespace is deleted or released (deletePolicy).</summary>
    private (string Code, string Message)? CompleteDelete(ClusterState cluster, ManagedNamespaceState managed)
    {
        if (!cluster.ManagedNamespaces.TryGetValue(managed.Name, out var current) || !ReferenceEquals(current, managed))
        {
            return null;
        }

        if (state.TakeManagedNamespaceFailure(cluster, managed.Name) is { } error)
        {
            managed.ProvisioningState = "Failed";
            return error;
        }

        cluster.ManagedNamespaces.Remove(managed.Name);
        if (cluster.Namespaces.TryGetValue(managed.Name, out var ns))
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

        return null;
    }

    private static JsonObject ToJson(ClusterState cluster, ManagedNamespaceState m)
    {
        var properties = (JsonObject)m.Properties.DeepClone();
        properties["provisioningState"] = m.ProvisioningState;
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
