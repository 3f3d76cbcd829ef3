using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Planning;
using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Cli.Api;

/// <summary>What <c>GET /api/clusters/attach/{id}</c> answers (the parts the demo reads).</summary>
internal sealed record ApiRunStatus(string InstanceId, string? ClusterId, string RuntimeStatus, ApiProgress? Progress, ReconcileRunReport? Report, ApiFailure? Failure)
{
    public bool IsFinished => RuntimeStatus is "Completed" or "Failed" or "Terminated";

    public string Phase => IsFinished ? ProgressStates.Done : Progress?.Phase ?? "starting";

    public int Generation => Report?.Generation ?? Progress?.Generation ?? 1;

    public IReadOnlyList<ApiAttachmentProgress> Attachments => Progress?.Attachments ?? [];

    public string? Result => Report?.Result;
}

internal sealed record ApiProgress(string Phase, int Generation, IReadOnlyList<ApiAttachmentProgress>? Attachments);

internal sealed record ApiAttachmentProgress(string Key, string State, string? Step);

internal sealed record ApiFailure(string? Type, string? Message);

/// <summary>What <c>GET /api/plan</c> answers.</summary>
internal sealed record ApiPlan(string InstanceId, string? ClusterId, bool? Converged, int? Writes, ClusterPlan? Plan, IReadOnlyList<Diagnosis>? Blockers);
