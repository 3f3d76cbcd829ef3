using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Observed;

namespace AttachFunctions.Core.Decisions;

/// <summary>
/// The namespace step: Azure ML attach neither creates nor checks the namespace, so it is created first and labelled
/// as ours; a namespace someone else created is never taken over unless the policy says adopt.
/// </summary>
public static class NamespaceDecision
{
    /// <param name="desired">The namespace the policy wants.</param>
    /// <param name="current">The namespace as it exists now, or null when it does not exist.</param>
    /// <param name="cluster">The cluster it lives in (for the diagnosis).</param>
    public static StepDecision Decide(DesiredNamespace desired, ObservedNamespace? current, ClusterId cluster)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(cluster);
        if (current is null)
        {
            return StepDecision.Create($"namespace {desired.Name} missing");
        }

        if (current.Terminating)
        {
            // Kubernetes keeps a deleted namespace in phase Terminating until its finalizers ran; it cannot be
            // created again before it is gone (https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/).
            return StepDecision.Waiting(Diagnoses.NamespaceTerminating(desired.Name, cluster), $"namespace {desired.Name} is terminating: wait, then create it");
        }

        if (current.ProvisioningFailed && current.IsOurs)
        {
            // The managed namespace we wrote ended Failed: its labels are in ARM, not in force in the cluster. Write it
            // again (with the policy's own adoption rule); the write reports Azure's error if it fails again.
            return StepDecision.Update($"managed namespace {desired.Name} ended Failed: write it again");
        }

        if (!current.IsOurs && !desired.Adopt)
        {
            return StepDecision.Blocked(Diagnoses.NamespaceNotOwned(desired.Name, cluster), $"namespace {desired.Name} exists and is not ours");
        }

        if (!current.IsOurs)
        {
            return StepDecision.Update($"namespace {desired.Name} exists unlabelled: adopt it (policy says adopt)");
        }

        return current.Satisfies(desired)
            ? StepDecision.None($"namespace {desired.Name} present with our labels")
            : StepDecision.Update($"namespace {desired.Name} labels or annotations differ from the policy: update them");
    }
}
