using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttachFunctions.Emulator;

/// <summary>
/// The virtual Kubernetes API server of each cluster, under <c>/k8s/{clusterKey}</c>: <c>/api/v1/namespaces</c> POST, GET,
/// LIST, PATCH (merge and strategic merge on labels/annotations), DELETE (Terminating for a while), with <c>kind: Status</c> errors.
/// </summary>
internal sealed partial class KubernetesRouter(EmulatorState state)
{
    public EmulatorResponse Handle(EmulatorRequest r)
    {
        var s = r.Segments;
        if (s.Length < 2 || !r.Is(0, "k8s") || !state.ClustersByKey.TryGetValue(s[1], out var cluster))
        {
            return EmulatorResponse.KubeStatus(404, "NotFound", "the server could not find the requested resource");
        }

        var verb = r.Method.ToUpperInvariant() switch
        {
            "GET" => s.Length > 5 ? "get" : "list",
            "POST" => "create",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => r.Method.ToLowerInvariant(),
        };
        // Authentication first (401, reason Unauthorized, for a token the server does not accept), then authorization
        // (403 naming the user and the verb), as kube-apiserver does: kubernetes.io "Controlling Access to the Kubernetes
        // API" and "Authorization" (the Forbidden message is built by k8s.io/apiserver pkg/endpoints/handlers/responsewriters/errors.go, ForbiddenStatusError).
        var user = Authenticate(cluster, r.Token);
        if (user is null)
        {
            return EmulatorResponse.KubeStatus(401, "Unauthorized", "Unauthorized");
        }

        var name = s.Length == 6 ? s[5] : null;
        // Discovery (/version, /api, /apis, /api/v1) is open to every authenticated user (the system:discovery and
        // system:public-info-viewer cluster roles, kubernetes.io "Using RBAC Authorization", default roles).
        var discovery = r.Method.Equals("GET", StringComparison.OrdinalIgnoreCase) && s.Length <= 4 && KubernetesDiscovery.Answers(s);
        if (!discovery && !Authorized(cluster, user, verb))
        {
            return Forbidden(cluster, user, verb, name);
        }

        if (discovery)
        {
            return KubernetesDiscovery.Answer(s, cluster, r.BaseUri);
        }

        if (s.Length < 5 || !r.Is(2, "api") || !r.Is(3, "v1") || !r.Is(4, "namespaces") || s.Length > 6)
        {
            return EmulatorResponse.KubeStatus(404, "NotFound", "the server could not find the requested resource");
        }

        return (r.Method.ToUpperInvariant(), name) switch
        {
            ("GET", null) => List(r, cluster),
            ("POST", null) => Create(r, cluster),
            ("GET", { } n) => cluster.Namespaces.TryGetValue(n, out var ns) ? new EmulatorResponse(200, ToJson(ns)) : NotFound(n),
            ("PATCH", { } n) => Patch(r, cluster, n),
            ("DELETE", { } n) => Delete(cluster, n),
            _ => EmulatorResponse.KubeStatus(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource"),
        };
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>
    /// Who the token is: a static cluster token (admin credential, or the Key Vault kubeconfig's service account) is a
    /// cluster admin; on an Entra-integrated cluster a token for the AKS server application is its principal (oid); no
    /// token is system:anonymous. Null: the token is not accepted (wrong audience, unknown, revoked).
    /// </summary>
    private static KubernetesUser? Authenticate(ClusterState cluster, BearerToken? token)
    {
        if (token is null)
        {
            return new KubernetesUser("system:anonymous", Static: false);
        }

        if (cluster.RevokedTokens.Contains(token.Raw))
        {
            return null;
        }

        if (token.Raw == cluster.AdminToken || (!cluster.EntraIntegrated && token.Raw == cluster.UserToken))
        {
            return new KubernetesUser(token.Raw == cluster.AdminToken ? "clusterAdmin" : "clusterUser", Static: true);
        }

        return cluster.EntraIntegrated && token.AudienceIsExactly(EmulatorIds.AksServerApplicationId)
            ? new KubernetesUser(token.Principal, Static: false)
            : null;
    }

    private bool Authorized(ClusterState cluster, KubernetesUser user, string verb) =>
        user.Static || (cluster.KubernetesGrants.TryGetValue(user.Name, out var grant) && grant.Allows(verb, state.Now));

    private static EmulatorResponse Forbidden(ClusterState cluster, KubernetesUser user, string verb, string? name)
    {
        var message = name is null
            ? $"namespaces is forbidden: User \"{user.Name}\" cannot {verb} resource \"namespaces\" in API group \"\" at the cluster scope"
            : $"namespaces \"{name}\" is forbidden: User \"{user.Name}\" cannot {verb} resource \"namespaces\" in API group \"\" in the namespace \"{name}\"";
        if (cluster.EntraIntegrated && user.Name != "system:anonymous")
        {
            // What AKS with Azure RBAC for Kubernetes Authorization appends (as users report it, e.g. Azure/AKS issue threads
            // on "User does not have access to the resource in Azure").
            message += ": User does not have access to the resource in Azure. Update role assignment to allow access.";
        }

        return EmulatorResponse.KubeStatus(403, "Forbidden", message, name);
    }

    private sealed record KubernetesUser(string Name, bool Static);

    private static EmulatorResponse NotFound(string name) =>
        EmulatorResponse.KubeStatus(404, "NotFound", $"namespaces \"{name}\" not found", name);

    private static bool ContentTypeIs(EmulatorRequest r, string prefix) =>
        r.ContentType is { } ct && ct.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static EmulatorResponse List(EmulatorRequest r, ClusterState cluster)
    {
        var selector = r.QueryValue("labelSelector");
        var items = new JsonArray([.. cluster.Namespaces.Values
            .Where(ns => Matches(ns, selector))
            .OrderBy(ns => ns.Name, StringComparer.Ordinal)
            .Select(ns => (JsonNode)ToJson(ns))]);
        return new EmulatorResponse(200, new JsonObject
        {
            ["kind"] = "NamespaceList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = cluster.ResourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = items,
        });
    }

    private static bool Matches(NamespaceState ns, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            bool ok;
            if (term.Contains("!=", StringComparison.Ordinal))
            {
                var kv = term.Split("!=", 2);
                ok = !ns.Labels.TryGetValue(kv[0], out var v) || v != kv[1];
            }
            else if (term.Contains('=', StringComparison.Ordinal))
            {
                var kv = term.Split('=', 2);
                ok = ns.Labels.TryGetValue(kv[0], out var v) && v == kv[1].TrimStart('=');
            }
            else if (term.StartsWith('!'))
            {
                ok = !ns.Labels.ContainsKey(term[1..]);
            }
            else
            {
                ok = ns.Labels.ContainsKey(term);
            }

            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private EmulatorResponse Create(EmulatorRequest r, ClusterState cluster)
    {
        if (!ContentTypeIs(r, "application/json"))
        {
            return EmulatorResponse.KubeStatus(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
        }

        var body = r.JsonBody();
        var name = body?["metadata"]?["name"]?.GetValue<string>();
        if (body is null || string.IsNullOrEmpty(name))
        {
            return EmulatorResponse.KubeStatus(422, "Invalid", "Namespace \"\" is invalid: metadata.name: Required value: name or generateName is required", "", "Namespace");
        }

        if (name.Length > 63 || !NamePattern().IsMatch(name))
        {
            return EmulatorResponse.KubeStatus(422, "Invalid",
                $"Namespace \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                name, "Namespace");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        ApplyMap(labels, body["metadata"]?["labels"] as JsonObject);
        if (KubernetesLabels.Invalid(name, labels) is { } invalid)
        {
            return invalid;
        }

        if (cluster.Namespaces.TryGetValue(name, out var existing))
        {
            var message = existing.Terminating
                ? $"object is being deleted: namespaces \"{name}\" already exists"
                : $"namespaces \"{name}\" already exists";
            return EmulatorResponse.KubeStatus(409, "AlreadyExists", message, name);
        }

        var ns = state.NewNamespace(cluster, name);
        ApplyMap(ns.Labels, body["metadata"]?["labels"] as JsonObject);
        ApplyMap(ns.Annotations, body["metadata"]?["annotations"] as JsonObject);
        ns.Labels["kubernetes.io/metadata.name"] = name;
        return new EmulatorResponse(201, ToJson(ns));
    }

    private static EmulatorResponse Patch(EmulatorRequest r, ClusterState cluster, string name)
    {
        if (!ContentTypeIs(r, "application/merge-patch+json") && !ContentTypeIs(r, "application/strategic-merge-patch+json"))
        {
            return EmulatorResponse.KubeStatus(415, "UnsupportedMediaType",
                $"the emulator (a stand-in) supports application/merge-patch+json and application/strategic-merge-patch+json patches, not '{r.ContentType}'");
        }

        if (!cluster.Namespaces.TryGetValue(name, out var ns))
        {
            return NotFound(name);
        }

        if (ManagedByArm(ns))
        {
            return ArmManaged(name, "patch");
        }

        var body = r.JsonBody();
        if (body is null)
        {
            return EmulatorResponse.KubeStatus(400, "BadRequest", "the patch body is not a JSON object");
        }

        if (body["metadata"]?["name"]?.GetValue<string>() is { } newName && newName != name)
        {
            return EmulatorResponse.KubeStatus(422, "Invalid", $"Namespace \"{name}\" is invalid: metadata.name: Invalid value: \"{newName}\": field is immutable", name, "Namespace");
        }

        var merged = new Dictionary<string, string>(ns.Labels, StringComparer.Ordinal);
        ApplyMap(merged, body["metadata"]?["labels"] as JsonObject);
        if (KubernetesLabels.Invalid(name, merged) is { } invalid)
        {
            return invalid;
        }

        ApplyMap(ns.Labels, body["metadata"]?["labels"] as JsonObject);
        ApplyMap(ns.Annotations, body["metadata"]?["annotations"] as JsonObject);
        ns.Labels["kubernetes.io/metadata.name"] = name;
        ns.ResourceVersion = ++cluster.ResourceVersion;
        return new EmulatorResponse(200, ToJson(ns));
    }

    private EmulatorResponse Delete(ClusterState cluster, string name)
    {
        if (!cluster.Namespaces.TryGetValue(name, out var ns))
        {
            return NotFound(name);
        }

        if (ManagedByArm(ns))
        {
            return ArmManaged(name, "delete");
        }

        if (ns.Terminating)
        {
            // A namespace already being deleted: 409 Conflict, as kubernetes pkg/registry/core/namespace/storage/storage.go
            // (REST.Delete) answers while its finalizers run.
            return EmulatorResponse.KubeStatus(409, "Conflict",
                $"Operation cannot be fulfilled on namespaces \"{name}\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.",
                name);
        }

        ns.DeletingSince = state.Now;
        ns.ResourceVersion = ++cluster.ResourceVersion;
        return new EmulatorResponse(200, ToJson(ns));
    }

    private static bool ManagedByArm(NamespaceState ns) =>
        ns.Labels.TryGetValue(ManagedNamespaceRoutes.ManagedLabel, out var v) && v == "true";

    private static EmulatorResponse ArmManaged(string name, string verb) =>
        EmulatorResponse.KubeStatus(403, "Forbidden",
            $"namespaces \"{name}\" is forbidden: the namespace is managed by Azure Resource Manager (managed namespace); {verb} it through ARM", name);

    private static void ApplyMap(Dictionary<string, string> target, JsonObject? patch)
    {
        if (patch is null)
        {
            return;
        }

        foreach (var (k, v) in patch)
        {
            if (v is null)
            {
                target.Remove(k);
            }
            else
            {
                target[k] = v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
            }
        }
    }

    private static JsonObject ToJson(NamespaceState ns)
    {
        var labels = new JsonObject();
        foreach (var (k, v) in ns.Labels.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            labels[k] = v;
        }

        var metadata = new JsonObject
        {
            ["name"] = ns.Name,
            ["uid"] = ns.Uid,
            ["resourceVersion"] = ns.ResourceVersion.ToString(CultureInfo.InvariantCulture),
            ["creationTimestamp"] = Timestamp(ns.CreatedAt),
            ["labels"] = labels,
        };
        if (ns.Annotations.Count > 0)
        {
            var annotations = new JsonObject();
            foreach (var (k, v) in ns.Annotations.OrderBy(x => x.Key, StringComparer.Ordinal))
            {
                annotations[k] = v;
            }

            metadata["annotations"] = annotations;
        }

        if (ns.DeletingSince is { } since)
        {
            metadata["deletionTimestamp"] = Timestamp(since);
        }

        return new JsonObject
        {
            ["kind"] = "Namespace",
            ["apiVersion"] = "v1",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = ns.Terminating ? "Terminating" : "Active" },
        };
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
