using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;

namespace AttachFunctions.Core.Decisions;

/// <summary>
/// The compute step. The attach PUT silently overwrites an existing compute, so the decision is always taken on what
/// a GET returned: a missing compute is attached; a drifted or Failed one is detached and attached again; a compute
/// of another type, or one attached to another cluster, is never overwritten; one still provisioning is judged once
/// it settles.
/// </summary>
public static class ComputeDecision
{
    /// <param name="desired">The attachment the policy wants.</param>
    /// <param name="existing">The compute with the desired name as ARM returns it, or null when there is none.</param>
    public static StepDecision Decide(DesiredAttachment desired, ArmCompute? existing)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (existing is null)
        {
            return StepDecision.Create($"compute {desired.Key} missing: attach {desired.Cluster.Name} in namespace {desired.Namespace.Name}");
        }

        if (!existing.IsKubernetes)
        {
            return StepDecision.Blocked(
                Diagnoses.ComputeNameTakenByOtherType(desired.ComputeName, desired.Workspace, existing.ComputeType),
                $"compute {desired.Key} exists as {existing.ComputeType}");
        }

        if (existing.IsInProgress)
        {
            return StepDecision.Waiting(
                Diagnoses.ComputeStillProvisioning(desired.Key, existing.ProvisioningState),
                $"compute {desired.Key} is {existing.ProvisioningState}: judge it once it settles",
                ErrorClass.Retryable);
        }

        if (ClusterId.TryParse(existing.ResourceId, out var attachedTo, out _) && attachedTo != desired.Cluster)
        {
            // Two clusters render the same compute name. Replacing it would steal it from the other cluster (and the
            // other cluster's run would steal it back), so this is reported, never repaired.
            var collision = Diagnoses.ComputeNameCollision(desired.Key, attachedTo, desired.Cluster);
            return StepDecision.Blocked(collision, collision.Message);
        }

        var drift = ComputeDrift.Explain(existing, desired);
        return drift is null
            ? StepDecision.None($"compute {desired.Key} attached and Succeeded")
            : StepDecision.Replace(drift);
    }
}
