using AttachFunctions.Core.Planning;

namespace AttachFunctions.Workflows.Model;

/// <summary>What the plan activity found for a cluster: whether it exists, the plan, and the attachments to apply.</summary>
/// <param name="ClusterId">The normalized cluster id.</param>
/// <param name="Exists">False when the cluster is gone (the run cleans up instead).</param>
/// <param name="ExtensionPending">True when the ML extension is still installing (the run waits for it).</param>
/// <param name="Plan">The plan (also the dry-run output).</param>
/// <param name="AttachmentKeys">The desired attachments (<c>{workspace}/{compute}</c>) in plan order.</param>
public sealed record ClusterSnapshot(string ClusterId, bool Exists, bool ExtensionPending, ClusterPlan Plan, IReadOnlyList<string> AttachmentKeys);
