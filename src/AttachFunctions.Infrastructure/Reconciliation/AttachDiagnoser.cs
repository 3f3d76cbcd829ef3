using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Decisions;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Roles;
using AttachFunctions.Infrastructure.Arm;

namespace AttachFunctions.Infrastructure.Reconciliation;

/// <summary>
/// Turns the platform's misleading attach failures into precise diagnoses (the roles a user-assigned workspace identity
/// needs are listed in Microsoft Learn's "Attach a Kubernetes cluster to Azure Machine Learning workspace"). Azure ML reports a
/// missing Kubernetes Extension Contributor as "extension not installed" and a missing AKS Cluster Admin as an
/// internal server error, with generic codes; so the diagnosis comes from re-reading the state those messages hide
/// (the extension, the workspace identity's roles), never from the message text.
/// </summary>
public sealed class AttachDiagnoser
{
    private readonly IArmGateway _arm;
    private readonly WorkspaceIdentityAllowList _workspaceIdentities;

    public AttachDiagnoser(IArmGateway arm, WorkspaceIdentityAllowList workspaceIdentities)
    {
        _arm = arm;
        _workspaceIdentities = workspaceIdentities;
    }

    public async Task<(Diagnosis Diagnosis, ErrorClass Class)> DiagnoseAsync(DesiredAttachment a, ArmWorkspace workspace, string? code, string? message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(workspace);

        var extensions = await _arm.ListExtensionsAsync(a.Cluster, ct);
        var ml = extensions.FirstOrDefault(e => e.IsAzureMl);
        if (ml is null || !ml.IsSucceeded)
        {
            var extension = ml is null
                ? Diagnoses.AttachFailedExtensionMissing(a.Key, a.Cluster, code)
                : Diagnoses.AttachFailedExtensionNotReady(a.Key, a.Cluster, code, ml.ProvisioningState);
            return (extension, ErrorClass.RetryableSlow);
        }

        var identity = WorkspaceIdentityDecision.Decide(a, workspace, _workspaceIdentities);
        if (identity.Refusal?.Diagnosis is { } refused)
        {
            // The roles were never granted because the workspace identity is not allowed: that, not the attach
            // error, is what someone must fix.
            return (refused, ErrorClass.Fatal);
        }

        if (identity.PrincipalId is { } principal)
        {
            var held = await _arm.ListRoleAssignmentsForPrincipalAsync(a.Cluster.Id, principal, ct);
            bool Has(BuiltInRole role) => held.Any(r => r.RoleGuid == role.DefinitionGuid && RoleGrantDecision.Covers(r.Scope, a.Cluster.Id));

            if (!Has(RoleCatalog.KubernetesExtensionContributor))
            {
                return (Diagnoses.WorkspaceIdentityMissingExtensionContributor(a.Key, a.Workspace, a.Cluster), ErrorClass.RetryableSlow);
            }

            if (!Has(RoleCatalog.AksClusterAdmin))
            {
                return (Diagnoses.WorkspaceIdentityMissingClusterAdmin(a.Key, a.Workspace, a.Cluster), ErrorClass.RetryableSlow);
            }
        }

        if (string.Equals(code, "InternalServerError", StringComparison.OrdinalIgnoreCase))
        {
            // Roles are in place: a fresh grant may not have propagated to the service yet.
            return (Diagnoses.AttachInternalError(a.Key, message), ErrorClass.RetryableSlow);
        }

        return (Diagnoses.AttachRejected(a.Key, code, message), ErrorClass.Fatal);
    }
}
