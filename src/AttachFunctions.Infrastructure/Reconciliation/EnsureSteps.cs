using AttachFunctions.Core.Arm.Models;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Decisions;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Errors;
using AttachFunctions.Core.Naming;
using AttachFunctions.Core.Observed;
using AttachFunctions.Core.Planning;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Roles;
using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Kubernetes;
using AttachFunctions.Infrastructure.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using Polly.Timeout;

namespace AttachFunctions.Infrastructure.Reconciliation;

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
    private readonly WorkspaceIdentityAllowList _workspaceIdentities;
    private readonly ILogger _logger;

    public EnsureSteps(
        IArmGateway arm,
        INamespaceGatewayFactory namespaces,
        ResiliencePipelineProvider<string> pipelines,
        WorkspaceIdentityAllowList workspaceIdentities,
        ILogger<EnsureSteps> logger)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(workspaceIdentities);
        _arm = arm;
        _namespaces = namespaces;
        _principalReplication = pipelines.GetPipeline(ResiliencePipelineNames.PrincipalReplication);
        _workspaceIdentities = workspaceIdentities;
        _diagnoser = new AttachDiagnoser(arm, workspaceIdentities);
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
        var decision = NamespaceDecision.Decide(ns, current, cluster.Id);
        try
        {
            return await WriteNamespaceAsync(gateway, ns, current, decision, cluster, target, ct);
        }
        catch (DiagnosedException ex) when (ex.ErrorClass == ErrorClass.Fatal && ex.InnerException is ArmOperationFailedException)
        {
            // An AKS managed-namespace operation that ended Failed for good: the step fails with Azure's diagnosis,
            // logged like every failed step.
            return Done(StepOutcome.Failed(StepKind.Namespace, target, ex.Diagnosis));
        }
    }

    private async Task<StepOutcome> WriteNamespaceAsync(
        INamespaceGateway gateway, DesiredNamespace ns, ObservedNamespace? current, StepDecision decision, ClusterInfo cluster, string target, CancellationToken ct)
    {
        if (decision.Action == StepAction.Create)
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
                decision = NamespaceDecision.Decide(ns, current, cluster.Id);
            }
        }

        switch (decision.Action)
        {
            case StepAction.None:
                return Done(StepOutcome.Unchanged(StepKind.Namespace, target, "present with our labels"));
            case StepAction.Update:
                await gateway.UpdateAsync(ns, ct);
                return Done(new StepOutcome(StepKind.Namespace, target, StepOutcomeKind.Updated, current!.IsOurs ? "labels updated" : "adopted and labelled"));
            default:
                return Blocked(StepKind.Namespace, target, decision);
        }
    }

    /// <summary>
    /// Grants the workspace's primary user-assigned identity the roles attach needs, when <see cref="WorkspaceIdentityDecision"/>
    /// allows that identity; a refusal is a Failed outcome with its diagnosis and no write (no-op for system-assigned workspaces).
    /// </summary>
    public async Task<IReadOnlyList<StepOutcome>> EnsurePrerequisitesAsync(DesiredAttachment a, ArmWorkspace workspace, string? relayNamespaceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(workspace);
        var identity = WorkspaceIdentityDecision.Decide(a, workspace, _workspaceIdentities);
        if (identity.Refusal is { } refusal)
        {
            ReconcileLog.WorkspaceIdentityRefused(_logger, a.Workspace.Name, refusal.Diagnosis?.Code);
            return [Blocked(StepKind.PrerequisiteGrant, StepTargets.WorkspaceIdentity(a.Workspace), refusal)];
        }

        if (identity.PrincipalId is not { } principal)
        {
            return [];
        }

        var outcomes = new List<StepOutcome>();
        foreach (var p in a.WorkspacePrerequisites)
        {
            var scope = RoleGrantDecision.ScopeOf(p, relayNamespaceId);
            var held = scope is null ? [] : await HeldAtAsync(scope, principal, ct);
            var decision = RoleGrantDecision.Prerequisite(a, p, scope, principal, held);
            outcomes.Add(await GrantAsync(StepKind.PrerequisiteGrant, StepTargets.Prerequisite(p.Role, scope), scope, p.Role, principal, decision, ct));
        }

        return outcomes;
    }

    /// <summary>
    /// Attaches the compute. GET first: never PUT over an existing compute (Azure answers such a PUT with success and
    /// changes nothing). A missing compute is attached; a drifted or Failed one is detached, awaited and attached again;
    /// a matching one is left alone; what the PUT left is checked, so an attach that did not take effect is retried.
    /// </summary>
    public async Task<ComputeStepResult> EnsureComputeAsync(DesiredAttachment a, ArmWorkspace workspace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(workspace);
        var target = StepTargets.Compute(a);
        var existing = await _arm.GetComputeAsync(a.Workspace, a.ComputeName, ct);
        var decision = ComputeDecision.Decide(a, existing);
        switch (decision.Action)
        {
            case StepAction.None:
                return new(Done(StepOutcome.Unchanged(StepKind.Compute, target, "attached and Succeeded")), await PrincipalOfAsync(a, existing!, ct));
            case StepAction.Replace:
                await _arm.DetachComputeAsync(a.Workspace, a.ComputeName, ct);
                break;
            case StepAction.Create:
                break;
            default:
                return new(Blocked(StepKind.Compute, target, decision), null);
        }

        var replaced = decision.Action == StepAction.Replace;
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

        // A PUT on a compute that exists answers success and changes nothing (Microsoft Learn, "Azure Machine Learning
        // known issues", issue 1002): another writer may have attached the name between our read and our write, or an
        // HTTP-level retry of our own PUT landed on the compute the first attempt created. Judge what the PUT left with
        // the same decision: anything but a match is not our attach yet.
        var check = ComputeDecision.Decide(a, compute);
        if (check.Action == StepAction.Replace)
        {
            throw new DiagnosedException(Diagnoses.ComputeWriteNotApplied(a.Key, check.Reason), ErrorClass.Retryable);
        }

        if (check.Action != StepAction.None)
        {
            return new(Blocked(StepKind.Compute, target, check), null);
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
            // The compute step has run: its principal is known now or not at all.
            var held = principalId is null ? [] : await HeldAtAsync(grant.Scope, principalId, ct);
            var decision = RoleGrantDecision.ComputeGrant(a, grant, principalId, principalPending: false, held);
            outcomes.Add(await GrantAsync(StepKind.ComputeGrant, StepTargets.ComputeGrant(grant), grant.Scope, grant.Role, principalId, decision, ct));
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
    /// replicated. RoleAssignmentExists means it exists under another name: success. RoleAssignmentUpdateNotPermitted
    /// means the name is taken elsewhere in the tenant: a Failed outcome, not retried.
    /// </summary>
    public async Task<StepOutcome> EnsureRoleAssignmentAsync(StepKind kind, string target, string scope, BuiltInRole role, string principalId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(role);
        var held = await HeldAtAsync(scope, principalId, ct);
        var decision = RoleGrantDecision.Grant(role, scope, principalId, held, "present", "missing");
        return await GrantAsync(kind, target, scope, role, principalId, decision, ct);
    }

    /// <summary>The principal's role assignments at a scope; null when the scope does not exist.</summary>
    private async Task<IReadOnlyList<ArmRoleAssignment>?> HeldAtAsync(string scope, string principalId, CancellationToken ct)
    {
        try
        {
            return await _arm.ListRoleAssignmentsForPrincipalAsync(scope, principalId, ct);
        }
        catch (ArmRequestException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Acts on a grant decision: None → Unchanged; Create → PUT the assignment; Blocked → Failed or retried.</summary>
    private async Task<StepOutcome> GrantAsync(StepKind kind, string target, string? scope, BuiltInRole role, string? principalId, StepDecision decision, CancellationToken ct)
    {
        if (decision.Action == StepAction.None)
        {
            return Done(StepOutcome.Unchanged(kind, target, "present"));
        }

        if (decision.Action != StepAction.Create || scope is null || principalId is null)
        {
            return Blocked(kind, target, decision);
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
            throw new DiagnosedException(Diagnoses.PrincipalNotReplicated(principalId, role, StepTargets.ShortName(scope)), ErrorClass.RetryableSlow, ex);
        }
        catch (ArmRequestException ex) when (ex.Code == "AuthorizationFailed")
        {
            throw new DiagnosedException(Diagnoses.AutomationNotAuthorized(role, StepTargets.ShortName(scope)), ErrorClass.RetryableSlow, ex);
        }
        catch (ArmRequestException ex) when (ex.Code == "RoleAssignmentLimitExceeded")
        {
            return Done(StepOutcome.Failed(kind, target, Diagnoses.RoleAssignmentLimit(StepTargets.ShortName(scope))));
        }
        catch (ArmRequestException ex) when (ex.Code == "RoleAssignmentUpdateNotPermitted")
        {
            // Names are unique across the tenant: ours is used by another assignment (another scope, role or
            // principal). Azure never lets it change, so this is fatal at once, never retried.
            return Done(StepOutcome.Failed(kind, target, Diagnoses.RoleAssignmentNameTaken(role, StepTargets.ShortName(scope), name)));
        }
    }

    /// <summary>A blocked decision: thrown as retryable when it heals with time, otherwise a Failed outcome.</summary>
    private StepOutcome Blocked(StepKind kind, string target, StepDecision decision)
    {
        if (decision.HealsWithTime)
        {
            ReconcileLog.StepWaiting(_logger, kind, target, decision.Diagnosis?.Code);
            throw decision.ToRetryableException();
        }

        var diagnosis = decision.Diagnosis ?? throw new InvalidOperationException($"A {decision.Action} decision reached the blocked path of {target}.");
        return Done(StepOutcome.Failed(kind, target, diagnosis));
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
