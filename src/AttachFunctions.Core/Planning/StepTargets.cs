using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Planning;

/// <summary>How steps name their targets in plans and reports (stable strings: outcomes are matched to plan steps by them).</summary>
public static class StepTargets
{
    public static string Namespace(string name) => $"namespace {name}";

    /// <summary>A prerequisite grant; a null scope is the Relay namespace that was not found.</summary>
    public static string Prerequisite(BuiltInRole role, string? scope) =>
        $"{role.DisplayName} for the workspace identity on {(scope is null ? "the Relay namespace" : ShortName(scope))}";

    /// <summary>The choice of the workspace identity that receives the prerequisite roles (a refusal is reported on it).</summary>
    public static string WorkspaceIdentity(WorkspaceRef workspace) => $"cluster-level roles for workspace {workspace.Name}'s identity";

    public static string Compute(DesiredAttachment attachment) => $"compute {attachment.Key}";

    public static string ComputeGrant(DesiredGrant grant) => $"{grant.Role.DisplayName} for the compute identity on {ShortName(grant.Scope)}";

    public static string ShortName(string? resourceId)
    {
        if (string.IsNullOrEmpty(resourceId))
        {
            return "?";
        }

        var parts = resourceId.TrimEnd('/').Split('/');
        return parts.Length >= 2 ? $"{parts[^2]}/{parts[^1]}" : resourceId;
    }
}
