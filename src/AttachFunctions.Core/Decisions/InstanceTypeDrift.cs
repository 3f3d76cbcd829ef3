using System.Text.Json.Nodes;
using AttachFunctions.Core.Naming;
using AttachFunctions.Core.Policy;

namespace AttachFunctions.Core.Decisions;

/// <summary>
/// Compares the instance types a compute carries (<c>properties.properties.instanceTypes</c>, the
/// <c>InstanceTypeSchema</c> of machineLearningServices.json) with the policy's: the names, and for each type its node
/// selector and resource requests and limits. Quantities compare by value (2 and 2000m are the same cpu). Only
/// <see cref="ComputeDrift"/> calls it.
/// </summary>
internal static class InstanceTypeDrift
{
    private static readonly string[] Resources = ["cpu", "memory", "nvidia.com/gpu"];

    /// <summary>Null when the compute carries exactly the policy's types as defined (or the policy sets none); otherwise what differs.</summary>
    public static string? Explain(IReadOnlyDictionary<string, InstanceTypeSpec> wanted, JsonNode? actual)
    {
        if (wanted.Count == 0)
        {
            return null;
        }

        var types = actual as JsonObject;
        var wantedNames = wanted.Keys.Order(StringComparer.Ordinal).ToArray();
        var actualNames = types is null ? [] : types.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        if (!wantedNames.SequenceEqual(actualNames, StringComparer.Ordinal))
        {
            return $"has instance types [{string.Join(", ", actualNames)}], policy says [{string.Join(", ", wantedNames)}]";
        }

        foreach (var name in wantedNames)
        {
            var difference = Difference(wanted[name], types![name] as JsonObject);
            if (difference is not null)
            {
                return $"has instance type {name} with {difference}";
            }
        }

        return null;
    }

    private static string? Difference(InstanceTypeSpec spec, JsonObject? actual)
    {
        var selector = new Dictionary<string, string>(StringComparer.Ordinal);
        if (actual?["nodeSelector"] is JsonObject nodeSelector)
        {
            foreach (var (key, value) in nodeSelector)
            {
                if (value is not null)
                {
                    selector[key] = value.ToString();
                }
            }
        }

        if (selector.Count != spec.NodeSelector.Count ||
            spec.NodeSelector.Any(p => !selector.TryGetValue(p.Key, out var value) || !string.Equals(value, p.Value, StringComparison.Ordinal)))
        {
            return $"node selector {Describe(selector)}, policy says {Describe(spec.NodeSelector)}";
        }

        var resources = actual?["resources"] as JsonObject;
        return Quantities("requests", spec.Requests, resources?["requests"] as JsonObject)
            ?? Quantities("limits", spec.Limits, resources?["limits"] as JsonObject);
    }

    private static string? Quantities(string what, ResourceQuantities? wanted, JsonObject? actual)
    {
        foreach (var resource in Resources)
        {
            var want = resource switch
            {
                "cpu" => wanted?.Cpu,
                "memory" => wanted?.Memory,
                _ => wanted?.NvidiaGpu,
            };
            var have = actual?[resource]?.ToString();
            if (!SameQuantity(want, have))
            {
                return $"{what} {resource} {have ?? "unset"}, policy says {want ?? "unset"}";
            }
        }

        return null;
    }

    private static bool SameQuantity(string? wanted, string? actual)
    {
        if (wanted is null || actual is null)
        {
            return wanted is null && actual is null;
        }

        return string.Equals(wanted, actual, StringComparison.Ordinal) ||
            (KubernetesQuantity.TryParse(wanted, out var a) && KubernetesQuantity.TryParse(actual, out var b) && a == b);
    }

    private static string Describe(IReadOnlyDictionary<string, string> selector) =>
        selector.Count == 0 ? "none" : "{" + string.Join(", ", selector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) + "}";
}
