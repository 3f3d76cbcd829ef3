using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>Dispatches ARM paths (matched case-insensitively) to the resource routes.</summary>
internal sealed class ArmRouter(EmulatorState state)
{
    private readonly RoleAssignmentRoutes _roles = new(state);
    private readonly ExtensionRoutes _extensions = new(state);
    private readonly ClusterRoutes _clusters = new(state);
    private readonly ComputeRoutes _computes = new(state);
    private readonly ResourceRoutes _resources = new(state);

    public EmulatorResponse Handle(EmulatorRequest r)
    {
        if (string.IsNullOrEmpty(r.QueryValue("api-version")))
        {
            return EmulatorResponse.ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }

        if (UnpublishedApiVersion(r) is { } refused)
        {
            return refused;
        }

        var s = r.Segments;
        var ra = FindProviderType(s, "Microsoft.Authorization", "roleAssignments");
        if (ra >= 0)
        {
            if (s.Length > ra + 4)
            {
                return NoRoute(r);
            }

            return _roles.Handle(r, "/" + string.Join('/', s[..ra]), s.Length > ra + 3 ? s[ra + 3] : null);
        }

        var ext = FindProviderType(s, "Microsoft.KubernetesConfiguration", "extensions");
        if (ext >= 0)
        {
            return s.Length > ext + 4 ? NoRoute(r) : _extensions.Handle(r, "/" + string.Join('/', s[..ext]), s.Length > ext + 3 ? s[ext + 3] : null);
        }

        if (!r.Is(0, "subscriptions") || s.Length < 2)
        {
            return NoRoute(r);
        }

        var sub = s[1];
        if (!state.ResourceGroups.ContainsKey(sub))
        {
            return EmulatorResponse.ArmError(404, "SubscriptionNotFound", $"The subscription '{sub}' could not be found.");
        }

        if (s.Length == 2)
        {
            return HttpGetOnly(r, () => new EmulatorResponse(200, new JsonObject
            {
                ["id"] = "/subscriptions/" + sub,
                ["subscriptionId"] = sub,
                ["tenantId"] = state.TenantId,
                ["displayName"] = sub,
                ["state"] = "Enabled",
            }));
        }

        if (r.Is(2, "providers") && s.Length >= 5)
        {
            return SubscriptionProvider(r, sub);
        }

        if (r.Is(2, "resourceGroups") && s.Length >= 4)
        {
            var rg = s[3];
            if (!state.ResourceGroups[sub].Contains(rg))
            {
                return EmulatorResponse.ArmError(404, "ResourceGroupNotFound", $"Resource group '{rg}' could not be found.");
            }

            if (s.Length == 4)
            {
                var id = EmulatorIds.ResourceGroup(sub, state.ResourceGroups[sub].First(g => g.Equals(rg, StringComparison.OrdinalIgnoreCase)));
                return HttpGetOnly(r, () => new EmulatorResponse(200, new JsonObject
                {
                    ["id"] = id,
                    ["name"] = id.Split('/')[^1],
                    ["type"] = "Microsoft.Resources/resourceGroups",
                    ["location"] = state.ResourceGroupLocations[id],
                    ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
                }));
            }

            if (r.Is(4, "providers") && s.Length >= 7)
            {
                return ResourceGroupProvider(r, sub, rg);
            }
        }

        return NoRoute(r);
    }

    internal static EmulatorResponse HttpGetOnly(EmulatorRequest r, Func<EmulatorResponse> get) =>
        r.Method.Equals("GET", StringComparison.OrdinalIgnoreCase) ? get() : MethodNotAllowed(r);

    internal static EmulatorResponse MethodNotAllowed(EmulatorRequest r) =>
        EmulatorResponse.ArmError(405, "MethodNotAllowed", $"The requested resource does not support http method '{r.Method}'.");

    internal static EmulatorResponse NoRoute(EmulatorRequest r) =>
        EmulatorResponse.ArmError(404, "NoRegisteredProviderFound", $"The emulator (a stand-in for Azure Resource Manager) has no route for '{r.Method} {r.Path}'.");

    /// <summary>
    /// The api-version gate: a version Azure does not publish for the addressed resource type is refused as ARM refuses it
    /// (the table, its sources and the error shapes: <see cref="PublishedApiVersions"/>). Paths of no known type pass on
    /// to the routes, which answer them.
    /// </summary>
    private EmulatorResponse? UnpublishedApiVersion(EmulatorRequest r)
    {
        var version = r.QueryValue("api-version")!;
        var type = ResourceTypeOf(r.Segments);
        if (type is null || PublishedApiVersions.IsPublished(type, version))
        {
            return null;
        }

        var supported = string.Join(", ", PublishedApiVersions.For(type)!);
        if (type.StartsWith("Microsoft.Resources/", StringComparison.OrdinalIgnoreCase))
        {
            return EmulatorResponse.ArmError(400, "InvalidApiVersionParameter", $"The api-version '{version}' is invalid. The supported versions are '{supported}'.");
        }

        var locations = state.ResourceGroupLocations.Values.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var location = r.Segments.Length >= 4 && r.Is(2, "resourceGroups")
            && state.ResourceGroupLocations.TryGetValue(EmulatorIds.ResourceGroup(r.Segments[1], r.Segments[3]), out var rgLocation)
                ? rgLocation
                : locations.FirstOrDefault() ?? "westeurope";
        return EmulatorResponse.ArmError(400, "NoRegisteredProviderFound",
            $"No registered resource provider found for location '{location}' and API version '{version}' for type '{type[(type.IndexOf('/', StringComparison.Ordinal) + 1)..]}'. "
            + $"The supported api-versions are '{supported}'. The supported locations are '{string.Join(", ", locations)}'.");
    }

    /// <summary>
    /// The resource type a path addresses, as the version table names it: after the last <c>providers/{namespace}</c>, the
    /// type segments (every other one; a trailing odd segment is an action or a child collection), longest known first;
    /// without a provider, ARM's own subscriptions, resource groups and resources. Null when the table has no such type.
    /// </summary>
    internal static string? ResourceTypeOf(string[] s)
    {
        for (var i = s.Length - 3; i >= 0; i--)
        {
            if (!s[i].Equals("providers", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var types = s[(i + 2)..].Where((_, k) => k % 2 == 0).ToArray();
            for (var n = types.Length; n >= 1; n--)
            {
                var candidate = s[i + 1] + "/" + string.Join('/', types[..n]);
                if (PublishedApiVersions.For(candidate) is not null)
                {
                    return candidate;
                }
            }

            return null;
        }

        if (s.Length < 2 || !s[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return s.Length switch
        {
            2 => "Microsoft.Resources/subscriptions",
            3 or 4 when s[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) => "Microsoft.Resources/resourceGroups",
            5 when s[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) && s[4].Equals("resources", StringComparison.OrdinalIgnoreCase) => "Microsoft.Resources/resources",
            _ => null,
        };
    }

    private static int FindProviderType(string[] s, string provider, string type)
    {
        for (var i = s.Length - 3; i >= 0; i--)
        {
            if (s[i].Equals("providers", StringComparison.OrdinalIgnoreCase)
                && s[i + 1].Equals(provider, StringComparison.OrdinalIgnoreCase)
                && s[i + 2].Equals(type, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private EmulatorResponse SubscriptionProvider(EmulatorRequest r, string sub)
    {
        var s = r.Segments;
        var provider = s[3];
        if (provider.Equals("Microsoft.ContainerService", StringComparison.OrdinalIgnoreCase) && r.Is(4, "managedClusters") && s.Length == 5)
        {
            return HttpGetOnly(r, () => _clusters.List(r, ClusterKind.Aks, sub, null));
        }

        if (provider.Equals("Microsoft.Kubernetes", StringComparison.OrdinalIgnoreCase) && r.Is(4, "connectedClusters") && s.Length == 5)
        {
            return HttpGetOnly(r, () => _clusters.List(r, ClusterKind.Arc, sub, null));
        }

        if (r.Is(4, "locations") && s.Length == 8)
        {
            if (provider.Equals("Microsoft.MachineLearningServices", StringComparison.OrdinalIgnoreCase))
            {
                if (r.Is(6, "computeOperationsStatus"))
                {
                    return HttpGetOnly(r, () => OperationRoutes.Status(state, r, s[7]));
                }

                if (r.Is(6, "computeOperationsResult"))
                {
                    return HttpGetOnly(r, () => OperationRoutes.Result(state, r, s[7]));
                }
            }

            if (provider.Equals("Microsoft.ContainerService", StringComparison.OrdinalIgnoreCase) && r.Is(6, "operations"))
            {
                return HttpGetOnly(r, () => OperationRoutes.Status(state, r, s[7]));
            }
        }

        return NoRoute(r);
    }

    private EmulatorResponse ResourceGroupProvider(EmulatorRequest r, string sub, string rg)
    {
        var s = r.Segments;
        var type = s[5] + "/" + s[6];
        var name = s.Length > 7 ? s[7] : null;
        var rest = s.Length > 8 ? s[8..] : [];
        if (type.Equals("Microsoft.ContainerService/managedClusters", StringComparison.OrdinalIgnoreCase))
        {
            return _clusters.Handle(r, ClusterKind.Aks, sub, rg, name, rest);
        }

        if (type.Equals("Microsoft.Kubernetes/connectedClusters", StringComparison.OrdinalIgnoreCase))
        {
            return _clusters.Handle(r, ClusterKind.Arc, sub, rg, name, rest);
        }

        if (type.Equals("Microsoft.MachineLearningServices/workspaces", StringComparison.OrdinalIgnoreCase) && name is not null)
        {
            return _computes.Handle(r, sub, rg, name, rest);
        }

        return _resources.Handle(r, sub, rg, type, name, rest);
    }
}
