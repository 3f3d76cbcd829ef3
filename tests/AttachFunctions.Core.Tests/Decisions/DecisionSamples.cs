using System.Text.Json.Nodes;
using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Observed;
using AttachFunctions.Core.Policy;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Core.Tests.Decisions;

/// <summary>Desired attachments rendered from the sample policy, and observed resources built around them.</summary>
internal static class DecisionSamples
{
    public const string Sub = "11111111-1111-1111-1111-111111111111";
    public const string Aks = $"/subscriptions/{Sub}/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01";
    public const string OtherAks = $"/subscriptions/{Sub}/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-sandbox-01";
    public const string Arc = $"/subscriptions/{Sub}/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-01";
    public const string Relay = $"/subscriptions/{Sub}/resourceGroups/rg-arc-edge/providers/Microsoft.Relay/namespaces/relay-arc-edge-01";
    public const string Principal = "33333333-0000-0000-0000-000000000001";

    private static readonly Lazy<AttachPolicy> Policy = new(() => PolicyLoader.LoadValid(File.ReadAllText(RepoPaths.Combine("samples", "policy.json"))));

    /// <summary>The first attachment the sample policy wants for a cluster (ws-research, system-assigned compute identity).</summary>
    public static DesiredAttachment Attachment(string clusterId = Aks, string team = "research")
    {
        var cluster = new ClusterInfo(ClusterId.Parse(clusterId), "westeurope", new Dictionary<string, string> { ["ml"] = "enabled", ["team"] = team });
        return DesiredStateBuilder.Build(Policy.Value, cluster).Attachments[0];
    }

    public static ObservedNamespace Namespace(DesiredNamespace desired, bool ours = true, bool terminating = false, bool labelsMatch = true)
    {
        var labels = labelsMatch ? new Dictionary<string, string>(desired.Labels) : new Dictionary<string, string>(StringComparer.Ordinal) { [ManagedLabels.ManagedBy] = ManagedLabels.ManagedByValue };
        if (!ours)
        {
            labels.Remove(ManagedLabels.ManagedBy);
        }

        return new ObservedNamespace(desired.Name, labels, new Dictionary<string, string>(desired.Annotations), terminating);
    }

    public static ArmCompute Compute(
        DesiredAttachment a,
        string type = "Kubernetes",
        string state = "Succeeded",
        string? resourceId = null,
        string? ns = null,
        string identityType = "SystemAssigned",
        string? principal = "44444444-0000-0000-0000-000000000009")
    {
        // The instance types as the attach set them (node selector, requests and limits of each), so they match.
        var instanceTypes = new JsonObject();
        foreach (var (key, spec) in a.InstanceTypes)
        {
            var resources = new JsonObject();
            if (spec.Requests is { } requests)
            {
                resources["requests"] = Quantities(requests);
            }

            if (spec.Limits is { } limits)
            {
                resources["limits"] = Quantities(limits);
            }

            var selector = new JsonObject();
            foreach (var (k, v) in spec.NodeSelector)
            {
                selector[k] = v;
            }

            instanceTypes[key] = new JsonObject { ["nodeSelector"] = selector, ["resources"] = resources };
        }

        return new ArmCompute(
            a.ComputeId,
            a.ComputeName,
            type,
            resourceId ?? a.Cluster.Id,
            ns ?? a.Namespace.Name,
            state,
            state == "Failed" ? "InternalServerError" : null,
            state == "Failed" ? "An internal server error occurred." : null,
            identityType,
            principal,
            new Dictionary<string, string>(),
            a.DefaultInstanceType,
            instanceTypes,
            new Dictionary<string, string>());
    }

    public static ArmRoleAssignment Assignment(string scope, Guid role, string principal = Principal) =>
        new($"{scope}/providers/Microsoft.Authorization/roleAssignments/x", "x", scope, role, principal, "ServicePrincipal");

    private static JsonObject Quantities(AttachFunctions.Core.Policy.ResourceQuantities q) => new()
    {
        ["cpu"] = q.Cpu,
        ["memory"] = q.Memory,
        ["nvidia.com/gpu"] = q.NvidiaGpu,
    };
}
