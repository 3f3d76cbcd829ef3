namespace AttachFunctions.Core.Planning;

/// <summary>The ordered steps for one attachment (one compute in one workspace).</summary>
/// <param name="Key">The attachment's key: <c>{workspace name}/{compute name}</c>.</param>
/// <param name="Steps">Namespace → prerequisite grants → compute → compute grants.</param>
public sealed record AttachmentPlan(string Key, IReadOnlyList<PlanStep> Steps)
{
    public bool IsConverged => Steps.All(s => s.Action == StepAction.None);

    public bool IsBlocked => Steps.Any(s => s.Action == StepAction.Blocked);
}
