using AttachFunctions.Core.Arm;
using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Kubernetes;
using AttachFunctions.Core.Naming;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Resilience;
using AttachFunctions.Core.Roles;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using Polly.Timeout;

namespace AttachFunctions.Core.Reconciliation;

/// <summary>
/// The ensure-steps. Each reads the current state, compares it with the desired state, writes only the difference,
/// and says what it did. Each is idempotent, so a step that ran (even partly) and is run again converges to the same
/// end state. Failures that heal with time are thrown as <see cref="DiagnosedException"/> (retryable) so the caller's
/// retry layer runs the step again; failures that do not heal are returned as a Failed outcome with a diagnosis.
/// </summary>
public sealed class EnsureSteps
{
    private readonly IArmGateway _arm;
    private readonly INamespaceGatewayFactory _namespaces;
    private readonly ResiliencePipeline _principalReplication;
    private readonly AttachDiagnoser _diagnoser;
    private readonly ILogger _logger;

    public EnsureSteps(IArmGateway arm, INamespaceGatewayFactory namespaces, ResiliencePipelineProvider<string> pipelines, ILogger<EnsureSteps> logger)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        _arm = arm;
        _namespaces = namespaces;
        _principalReplication = pipelines.GetPipeline(ResiliencePipelineNames.PrincipalReplication);
        _diagnoser = new AttachDiagnoser(arm);
        _logger = logger;
    }

    /// <summary>Creates the namespace, or labels it when it is ours (or adopted); never touches someone else's.</summary>
    public async Task<StepOutcome> EnsureNamespaceAsync(ClusterInfo cluster, DesiredNamespace ns, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(ns);
        var target = StepTargets.Namespace(ns.Name);
        var gateway = await _namespaces.ForAsync(cluster, ns, ct);
        var current = await gateway.GetAsync(ns.Name, ct);
        if (current is null)
        {
            try
            {
                await gateway.CreateAsync(ns, ct);
                return Done(new StepOutcome(StepKind.Namespace, target, StepOutcomeKind.Created, $"created with {ns.Labels.Count} labels"));
            }
            catch (KubernetesRequestException ex) when (ex.Status == 409)
            {
                // Someone else's namespace: created between our read and our write, or (for AKS managed namespaces)
                // present in the cluster but invisible to ARM. Judge what is there now; if it cannot be read, it is not ours.
                current = await gateway.GetAsync(ns.Name, ct) ?? new ObservedNamespace(ns.Name, new Dictionary<string, string>(), new Dictionary<string, string>(), false);
            }
        }

        if (current.Terminating)
        {
            throw new DiagnosedException(new Diagnosis(
                DiagnosisCodes.NamespaceTerminating,
                $"Namespace {ns.Name} on {cluster.Id.Name} is being deleted.",
                "Nothing: the step is retried until it is gone, then creates it again."), ErrorClass.RetryableSlow);
        }

        if (!current.IsOurs && !ns.Adopt)
        {
            return Done(StepOutcome.Failed(StepKind.Namespace, target, Planner.NotOwned(ns.Name, cluster.Id)));
        }

        if (current.IsOurs && current.Satisfies(ns))
        {
            return Done(StepOutcome.Unchanged(StepKind.Namespace, target, "present with our labels"));
        }

        await gateway.UpdateAsync(ns, ct);
        return Done(new StepOutcome(StepKind.Namespace, target, StepOutcomeKind.Updated, current.IsOurs ? "labels updated" : "adopted and labelled"));
    }

    /// <summary>Grants a user-assigned workspace identity the roles attach needs (no-op for system-assigned workspaces).</summary>
    public async Task<IReadOnlyList<StepOutcome>> EnsurePrerequisitesAsync(DesiredAttachment a, ArmWorkspace workspace, string? relayNamespaceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(workspace);
        if (!workspace.UsesUserAssignedIdentity || workspace.UserAssignedPrincipalId is not { } principal)
        {
            return [];
        }

        var outcomes = new List<StepOutcome>();
        foreach (var p in a.WorkspacePrerequisites)
        {
            var scope = p.ScopeKind == PrerequisiteScope.Cluster ? p.Scope : relayNamespaceId;
            if (scope is null)
            {
                outcomes.Add(Done(StepOutcome.Failed(StepKind.PrerequisiteGrant, $"{p.Role.DisplayName} for the workspace identity on the Relay namespace", new Diagnosis(
                    DiagnosisCodes.RelayNamespaceMissing,
                    $"No Relay namespace exists in {a.Cluster.ResourceGroup} for {a.Cluster.Name}; workspace {a.Workspace.Name}'s user-assigned identity needs Azure Relay Owner on it.",
                    "Check that the Azure ML extension installed completely on the Arc cluster (it creates the Relay namespace)."))));
                continue;
            }

            outcomes.Add(await EnsureRoleAssignmentAsync(StepKind.PrerequisiteGrant, StepTargets.Prerequisite(p.Role, scope), scope, p.Role, principal, ct));
        }

        return outcomes;
    }

    /// <summary>
    /// Attaches the compute. GET first: never PUT over an existing compute. A missing compute is attached; a drifted
    /// or Failed one is detached, awaited and attached again; a matching one is left alone.
    /// </summary>
    public async Task<ComputeStepResult> EnsureComputeAsync(DesiredAttachment a, ArmWorkspace workspace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(workspace);
        var target = StepTargets.Compute(a);
        var existing = await _arm.GetComputeAsync(a.Workspace, a.ComputeName, ct);
        var replaced = false;
        if (existing is not null)
        {
            if (!existing.IsKubernetes)
            {
                return new(Done(StepOutcome.Failed(StepKind.Compute, target, new Diagnosis(
                    DiagnosisCodes.AttachFailed,
                    $"The name {a.ComputeName} in workspace {a.Workspace.Name} is taken by a {existing.ComputeType} compute; the automation never overwrites it.",
                    "Rename the attachment's compute in the policy, or remove the other compute."))), null);
            }

            if (existing.IsInProgress)
            {
                throw new DiagnosedException(new Diagnosis(
                    DiagnosisCodes.AttachFailed,
                    $"Compute {a.Key} is {existing.ProvisioningState}; waiting for it to settle before judging it.",
                    "Nothing: the step is retried."), ErrorClass.Retryable);
            }

            if (ComputeDrift.Collision(existing, a) is { } collision)
            {
                return new(Done(StepOutcome.Failed(StepKind.Compute, target, collision)), null);
            }

            var drift = ComputeDrift.Explain(existing, a);
            if (drift is null)
            {
                return new(Done(StepOutcome.Unchanged(StepKind.Compute, target, "attached and Succeeded")), await PrincipalOfAsync(a, existing, ct));
            }

            await _arm.DetachComputeAsync(a.Workspace, a.ComputeName, ct);
            replaced = true;
        }

        var body = ComputeRequestBody.Build(a, workspace.Location);
        var (operation, compute) = await _arm.CreateComputeAsync(a.Workspace, a.ComputeName, body, ct);
        if (!operation.Succeeded || compute is null || compute.IsFailed)
        {
            var (diagnosis, errorClass) = await _diagnoser.DiagnoseAsync(
                a, workspace, operation.ErrorCode ?? compute?.FirstErrorCode, operation.ErrorMessage ?? compute?.FirstErrorMessage, ct);
            if (errorClass != ErrorClass.Fatal)
            {
                throw new DiagnosedException(diagnosis, errorClass);
            }

            return new(Done(StepOutcome.Failed(StepKind.Compute, target, diagnosis)), null);
        }

        var outcome = new StepOutcome(
            StepKind.Compute,
            target,
            replaced ? StepOutcomeKind.Replaced : StepOutcomeKind.Created,
            replaced ? "detached and attached again" : $"attached {a.Cluster.Name} in namespace {a.Namespace.Name}");
        return new(Done(outcome), await PrincipalOfAsync(a, compute, ct));
    }

    /// <summary>Grants the compute identity its roles (AcrPull, Storage Blob Data roles).</summary>
    public async Task<IReadOnlyList<StepOutcome>> EnsureComputeGrantsAsync(DesiredAttachment a, string? principalId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        var outcomes = new List<StepOutcome>();
        foreach (var grant in a.ComputeGrants)
        {
            var target = StepTargets.ComputeGrant(grant);
            if (principalId is null)
            {
                outcomes.Add(Done(StepOutcome.Failed(StepKind.ComputeGrant, target, new Diagnosis(
                    DiagnosisCodes.ComputeIdentityMissing,
                    $"Compute {a.Key} has no identity principal to grant {grant.Role.DisplayName} to.",
                    "Check the compute's identity; the next reconcile detaches and attaches it again if it drifted."))));
                continue;
            }

            outcomes.Add(await EnsureRoleAssignmentAsync(StepKind.ComputeGrant, target, grant.Scope, grant.Role, principalId, ct));
        }

        return outcomes;
    }

    /// <summary>Detaches a compute (the cluster is kept); Unchanged when it is already gone.</summary>
    public async Task<StepOutcome> DetachAsync(WorkspaceRef workspace, string computeName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var detached = await _arm.DetachComputeAsync(workspace, computeName, ct);
        var target = $"compute {workspace.Name}/{computeName}";
        return Done(detached
            ? new StepOutcome(StepKind.Detach, target, StepOutcomeKind.Deleted, "detached")
            : StepOutcome.Unchanged(StepKind.Detach, target, "already gone"));
    }

    /// <summary>
    /// One role assignment: read (LIST for the principal at the scope), and only when missing PUT it under its
    /// deterministic name with principalType ServicePrincipal, retrying PrincipalNotFound until the principal has
    /// replicated. RoleAssignmentExists means it exists under another name: success.
    /// </summary>
    public async Task<StepOutcome> EnsureRoleAssignmentAsync(StepKind kind, string target, string scope, BuiltInRole role, string principalId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(role);
        if (RoleCatalog.FindByGuid(role.DefinitionGuid) is null)
        {
            return Done(StepOutcome.Failed(kind, target, new Diagnosis(
                DiagnosisCodes.RoleNotAllowed, $"Role {role.DisplayName} is not on the automation's allow-list.", "Use an allow-listed role.")));
        }

        IReadOnlyList<ArmRoleAssignment> existing;
        try
        {
            existing = await _arm.ListRoleAssignmentsForPrincipalAsync(scope, principalId, ct);
        }
        catch (ArmRequestException ex) when (ex.Status == 404)
        {
            return Done(StepOutcome.Failed(kind, target, new Diagnosis(
                DiagnosisCodes.GrantScopeNotFound,
                $"{StepTargets.ShortName(scope)} does not exist ({ex.Code}), so {role.DisplayName} cannot be granted on it.",
                "Fix the resource id in the policy, or create the resource.")));
        }

        if (existing.Any(r => r.RoleGuid == role.DefinitionGuid && ObservedCluster.Covers(r.Scope, scope)))
        {
            return Done(StepOutcome.Unchanged(kind, target, "present"));
        }

        var name = DeterministicGuid.ForRoleAssignment(scope, role.DefinitionGuid, principalId);
        try
        {
            var attempt = 0;
            await _principalReplication.ExecuteAsync(
                async token =>
                {
                    if (attempt++ > 0)
                    {
                        ReconcileLog.PrincipalNotReplicated(_logger, principalId, attempt);
                    }

                    await _arm.PutRoleAssignmentAsync(scope, name, role.DefinitionGuid, principalId, token);
                },
                ct);
            return Done(new StepOutcome(kind, target, StepOutcomeKind.Created, $"assigned as {name:D}"));
        }
        catch (ArmRequestException ex) when (ex.Code == "RoleAssignmentExists")
        {
            return Done(StepOutcome.Unchanged(kind, target, "present under another name"));
        }
        catch (TimeoutRejectedException ex)
        {
            throw new DiagnosedException(new Diagnosis(
                DiagnosisCodes.PrincipalNotReplicated,
                $"Principal {principalId} is still unknown to RBAC (PrincipalNotFound) after the replication deadline while granting {role.DisplayName} on {StepTargets.ShortName(scope)}.",
                "Nothing if the identity was just created: the step is retried. If it persists, check that the identity exists."), ErrorClass.RetryableSlow, ex);
        }
        catch (ArmRequestException ex) when (ex.Code == "AuthorizationFailed")
        {
            throw new DiagnosedException(new Diagnosis(
                DiagnosisCodes.AutomationNotAuthorized,
                $"The automation may not assign {role.DisplayName} on {StepTargets.ShortName(scope)} (AuthorizationFailed).",
                "Give the automation's identity Role Based Access Control Administrator at that scope (or above) with the ABAC condition from infra/, which allows exactly the roles in the allow-list to ServicePrincipal principals."),
                ErrorClass.RetryableSlow, ex);
        }
        catch (ArmRequestException ex) when (ex.Code == "RoleAssignmentLimitExceeded")
        {
            return Done(StepOutcome.Failed(kind, target, new Diagnosis(
                DiagnosisCodes.RoleAssignmentLimit,
                $"The subscription of {StepTargets.ShortName(scope)} has reached its role assignment limit.",
                "Remove unused role assignments (the limit is fixed per subscription).")));
        }
    }

    private async Task<string?> PrincipalOfAsync(DesiredAttachment a, ArmCompute compute, CancellationToken ct)
    {
        if (a.Identity.Type == ComputeIdentityType.UserAssigned)
        {
            var id = a.Identity.UserAssignedIdentityId!;
            if (compute.UserAssignedPrincipals.TryGetValue(id, out var principal) && !string.IsNullOrEmpty(principal))
            {
                return principal;
            }

            return await _arm.GetUserAssignedIdentityPrincipalAsync(id, ct);
        }

        return compute.SystemPrincipalId;
    }

    private StepOutcome Done(StepOutcome outcome)
    {
        if (outcome.Outcome == StepOutcomeKind.Failed)
        {
            ReconcileLog.StepFailed(_logger, outcome.Kind, outcome.Target, outcome.Diagnosis?.Code, outcome.Detail);
        }
        else
        {
            ReconcileLog.StepDone(_logger, outcome.Kind, outcome.Target, outcome.Outcome, outcome.Detail);
        }

        return outcome;
    }
}

/// <summary>The compute step's outcome and the compute identity's principal (for the grants after it).</summary>
public sealed record ComputeStepResult(StepOutcome Outcome, string? PrincipalId);
