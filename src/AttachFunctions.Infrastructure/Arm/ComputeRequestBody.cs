using System.Text.Json.Nodes;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Policy;

namespace AttachFunctions.Infrastructure.Arm;

/// <summary>
/// The body of the attach PUT (<c>Compute_CreateOrUpdate</c> with the <c>Kubernetes</c> compute schema in
/// azure-rest-api-specs <c>specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01/machineLearningServices.json</c>): <c>computeType: "Kubernetes"</c>, the cluster id, the namespace,
/// the identity, and instance types. <c>location</c> is the workspace's region, as the Azure ML SDK sends it.
/// </summary>
public static class ComputeRequestBody
{
    public static JsonObject Build(DesiredAttachment attachment, string workspaceLocation)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var inner = new JsonObject { ["namespace"] = attachment.Namespace.Name };
        if (attachment.DefaultInstanceType is not null)
        {
            inner["defaultInstanceType"] = attachment.DefaultInstanceType;
        }

        if (attachment.InstanceTypes.Count > 0)
        {
            var types = new JsonObject();
            foreach (var (name, spec) in attachment.InstanceTypes.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                types[name] = InstanceType(spec);
            }

            inner["instanceTypes"] = types;
        }

        var identity = attachment.Identity.Type == ComputeIdentityType.UserAssigned
            ? new JsonObject
            {
                ["type"] = "UserAssigned",
                ["userAssignedIdentities"] = new JsonObject { [attachment.Identity.UserAssignedIdentityId!] = new JsonObject() },
            }
            : new JsonObject { ["type"] = "SystemAssigned" };

        return new JsonObject
        {
            ["location"] = workspaceLocation,
            ["tags"] = new JsonObject
            {
                [ComputeTags.ManagedBy] = ComputeTags.ManagedByValue,
                [ComputeTags.Rule] = attachment.RuleName,
                [ComputeTags.OnClusterDelete] = attachment.OnClusterDelete == OnClusterDelete.Detach ? "detach" : "keep",
            },
            ["identity"] = identity,
            ["properties"] = new JsonObject
            {
                ["computeType"] = "Kubernetes",
                ["resourceId"] = attachment.Cluster.Id,
                ["description"] = $"Attached by AttachFunctions (rule {attachment.RuleName})",
                ["properties"] = inner,
            },
        };
    }

    private static JsonObject InstanceType(InstanceTypeSpec spec)
    {
        var result = new JsonObject();
        if (spec.NodeSelector.Count > 0)
        {
            var selector = new JsonObject();
            foreach (var (k, v) in spec.NodeSelector.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                selector[k] = v;
            }

            result["nodeSelector"] = selector;
        }

        var resources = new JsonObject();
        if (spec.Requests is not null)
        {
            resources["requests"] = Quantities(spec.Requests);
        }

        if (spec.Limits is not null)
        {
            resources["limits"] = Quantities(spec.Limits);
        }

        result["resources"] = resources;
        return result;
    }

    private static JsonObject Quantities(ResourceQuantities q)
    {
        var result = new JsonObject();
        if (q.Cpu is not null)
        {
            result["cpu"] = q.Cpu;
        }

        if (q.Memory is not null)
        {
            result["memory"] = q.Memory;
        }

        if (q.NvidiaGpu is not null)
        {
            result["nvidia.com/gpu"] = q.NvidiaGpu;
        }

        return result;
    }
}
