using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>
/// The discovery documents a client such as kubectl reads before it lists or writes namespaces: <c>/version</c>,
/// <c>/api</c> (APIVersions), <c>/apis</c> (APIGroupList: no groups are served here) and <c>/api/v1</c> (APIResourceList
/// with namespaces only). Shapes per kubernetes.io "The Kubernetes API" (discovery API, unaggregated). kubectl asks for
/// the aggregated form first and falls back to these when the answer is plain application/json.
/// </summary>
internal static class KubernetesDiscovery
{
    public static bool Answers(string[] s) =>
        (s.Length == 3 && (Is(s[2], "version") || Is(s[2], "api") || Is(s[2], "apis"))) || (s.Length == 4 && Is(s[2], "api") && Is(s[3], "v1"));

    public static EmulatorResponse Answer(string[] s, ClusterState cluster, Uri baseUri)
    {
        if (s.Length == 3 && Is(s[2], "version"))
        {
            return new EmulatorResponse(200, new JsonObject
            {
                ["major"] = "1",
                ["minor"] = cluster.KubernetesVersion.Split('.')[1],
                ["gitVersion"] = "v" + cluster.KubernetesVersion,
                ["platform"] = "linux/amd64",
            });
        }

        if (s.Length == 3 && Is(s[2], "api"))
        {
            return new EmulatorResponse(200, new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = baseUri.Authority }),
            });
        }

        if (s.Length == 3)
        {
            return new EmulatorResponse(200, new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray() });
        }

        return new EmulatorResponse(200, new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["groupVersion"] = "v1",
            ["resources"] = new JsonArray(new JsonObject
            {
                ["name"] = "namespaces",
                ["singularName"] = "namespace",
                ["namespaced"] = false,
                ["kind"] = "Namespace",
                ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch"),
                ["shortNames"] = new JsonArray("ns"),
            }),
        });
    }

    private static bool Is(string segment, string value) => segment.Equals(value, StringComparison.Ordinal);
}
