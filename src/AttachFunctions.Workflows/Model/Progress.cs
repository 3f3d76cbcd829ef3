namespace AttachFunctions.Workflows.Model;

/// <summary>The custom status of a reconcile run: its phase and per attachment where it is. Kept far below 16 KB.</summary>
public sealed record ReconcileProgress(string Phase, int Generation, IReadOnlyList<AttachmentProgress> Attachments, int PendingRecheck = 0);

/// <summary>One attachment's state in a run; <paramref name="InstanceId"/> is the sub-orchestration with the live step.</summary>
public sealed record AttachmentProgress(string Key, string State, string? InstanceId);

/// <summary>The custom status of an <c>AttachOne</c> run: which step is running.</summary>
public sealed record StepProgress(string Attachment, string Step, int Completed);

/// <summary>Phases and states used in progress.</summary>
public static class ProgressStates
{
    public const string Planning = "planning";
    public const string WaitingForExtension = "waiting-for-extension";
    public const string Applying = "applying";
    public const string CleaningUp = "cleaning-up";
    public const string Done = "done";
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Unchanged = "unchanged";
    public const string Failed = "failed";
}
