using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Policy;

namespace AttachFunctions.Core.Decisions;

/// <summary>
/// Compares an existing compute with the desired attachment. Microsoft Learn's known issues of Kubernetes compute
/// say an attached Kubernetes compute cannot be updated in place (the update appears to succeed but does not), so any
/// difference means detach and attach again. Only <see cref="ComputeDecision"/> calls it.
/// </summary>
internal static class ComputeDrift
{
    /// <summary>Null when the compute matches; otherwise the reason it must be replaced.</summary>
    public static string? Explain(ArmCompute compute, DesiredAttachment desired)
    {
        ArgumentNullException.ThrowIfNull(compute);
        ArgumentNullException.ThrowIfNull(desired);
        var name = desired.Key;
        if (compute.IsFailed)
        {
            var error = compute.FirstErrorCode is null ? "" : $" ({compute.FirstErrorCode})";
            return $"compute {name} is {compute.ProvisioningState}{error}: detach and attach again";
        }

        if (!Clusters.ClusterId.TryParse(compute.ResourceId, out var attachedTo, out _) || attachedTo != desired.Cluster)
        {
            return $"compute {name} points at {compute.ResourceId ?? "no cluster"}, policy says {desired.Cluster.Name}: detach and attach again";
        }

        if (!string.Equals(compute.Namespace ?? "default", desired.Namespace.Name, StringComparison.Ordinal))
        {
            return $"compute {name} points at namespace {compute.Namespace ?? "default"}, policy says {desired.Namespace.Name}: detach and attach again";
        }

        var identity = IdentityDifference(compute, desired.Identity);
        if (identity is not null)
        {
            return $"compute {name} {identity}: detach and attach again";
        }

        if (!string.Equals(compute.DefaultInstanceType, desired.DefaultInstanceType, StringComparison.Ordinal) && desired.DefaultInstanceType is not null)
        {
            return $"compute {name} has default instance type {compute.DefaultInstanceType ?? "none"}, policy says {desired.DefaultInstanceType}: detach and attach again";
        }

        if (InstanceTypeDrift.Explain(desired.InstanceTypes, compute.InstanceTypes) is { } types)
        {
            return $"compute {name} {types}: detach and attach again";
        }

        return null;
    }

    private static string? IdentityDifference(ArmCompute compute, ComputeIdentity wanted)
    {
        var type = compute.IdentityType ?? "None";
        if (wanted.Type == ComputeIdentityType.SystemAssigned)
        {
            return type.Contains("SystemAssigned", StringComparison.OrdinalIgnoreCase) ? null : $"has identity {type}, policy says SystemAssigned";
        }

        if (!type.Contains("UserAssigned", StringComparison.OrdinalIgnoreCase) ||
            !compute.UserAssignedPrincipals.Keys.Contains(wanted.UserAssignedIdentityId, StringComparer.OrdinalIgnoreCase))
        {
            return $"has identity {type}, policy says UserAssigned {Tail(wanted.UserAssignedIdentityId)}";
        }

        return null;
    }

    private static string Tail(string? id) => id is null ? "" : id[(id.LastIndexOf('/') + 1)..];
}
