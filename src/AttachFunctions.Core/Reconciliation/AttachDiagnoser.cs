using AttachFunctions.Core.Arm;
using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Reconciliation;

/// <summary>
/// Turns the platform's misleading attach failures into precise diagnoses (DESIGN.md fact 4). Azure ML reports a
/// missing Kubernetes Extension Contributor as "extension not installed" and a missing AKS Cluster Admin as an
/// internal server error, with generic codes; so the diagnosis comes from re-reading the state those messages hide
/// (the extension, the workspace identity's roles), never from the message text.
/// </summary>
public sealed class AttachDiagnoser
{
    private readonly IArmGateway _arm;

    public AttachDiagnoser(IArmGateway arm)
    {
        _arm = arm;
    }

    public async Task<(Diagnosis Diagnosis, ErrorClass Class)> DiagnoseAsync(DesiredAttachment a, ArmWorkspace workspace, string? code, string? message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(workspace);

        var extensions = await _arm.ListExtensionsAsync(a.Cluster, ct);
        var ml = extensions.FirstOrDefault(e => e.IsAzureMl);
        if (ml is null || !ml.IsSucceeded)
        {
            return (new Diagnosis(
                ml is null ? DiagnosisCodes.ExtensionMissing : DiagnosisCodes.ExtensionNotReady,
                $"Attach of {a.Key} failed ({code}) because the Azure ML extension on {a.Cluster.Name} is {(ml is null ? "not installed" : ml.ProvisioningState)}.",
                "Install the extension and wait for Succeeded; the run retries."), ErrorClass.RetryableSlow);
        }

        if (workspace.UsesUserAssignedIdentity && workspace.UserAssignedPrincipalId is { } principal)
        {
            var held = await _arm.ListRoleAssignmentsForPrincipalAsync(a.Cluster.Id, principal, ct);
            bool Has(BuiltInRole role) => held.Any(r => r.RoleGuid == role.DefinitionGuid && ObservedCluster.Covers(r.Scope, a.Cluster.Id));

            if (!Has(RoleCatalog.KubernetesExtensionContributor))
            {
                return (new Diagnosis(
                    DiagnosisCodes.WorkspaceIdentityMissingExtensionContributor,
                    $"Attach of {a.Key} reported that the extension is not installed, but it is Succeeded: workspace {a.Workspace.Name}'s user-assigned identity lacks Kubernetes Extension Contributor on {a.Cluster.Name}.",
                    "Let the automation grant it (it needs RBAC Administrator allowing that role at the cluster scope), or grant it by hand."), ErrorClass.RetryableSlow);
            }

            if (!Has(RoleCatalog.AksClusterAdmin))
            {
                return (new Diagnosis(
                    DiagnosisCodes.WorkspaceIdentityMissingClusterAdmin,
                    $"Attach of {a.Key} failed with an internal server error: workspace {a.Workspace.Name}'s user-assigned identity lacks Azure Kubernetes Service Cluster Admin Role on {a.Cluster.Name}.",
                    "Let the automation grant it (it needs RBAC Administrator allowing that role at the cluster scope), or grant it by hand."), ErrorClass.RetryableSlow);
            }
        }

        if (string.Equals(code, "InternalServerError", StringComparison.OrdinalIgnoreCase))
        {
            // Roles are in place: a fresh grant may not have propagated to the service yet.
            return (new Diagnosis(
                DiagnosisCodes.AttachFailed,
                $"Attach of {a.Key} failed with an internal server error although the extension is Succeeded and the roles are granted ({message}).",
                "Usually role propagation; the run retries. If it persists, check the extension's health on the cluster."), ErrorClass.RetryableSlow);
        }

        return (new Diagnosis(
            DiagnosisCodes.AttachFailed,
            $"Attach of {a.Key} failed: {code}: {message}",
            "Read the error; fix the cluster or the policy, then re-run."), ErrorClass.Fatal);
    }
}
