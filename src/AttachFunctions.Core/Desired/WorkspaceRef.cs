using AttachFunctions.Core.Resources;

namespace AttachFunctions.Core.Desired;

/// <summary>An Azure ML workspace, identified by its normalized resource id.</summary>
public sealed record WorkspaceRef(string Id, string SubscriptionId, string ResourceGroup, string Name)
{
    public const string ResourceType = "Microsoft.MachineLearningServices/workspaces";

    /// <summary>Parses a workspace id (already checked by policy validation).</summary>
    public static WorkspaceRef Parse(string id)
    {
        var rid = ResourceId.Parse(id);
        if (!string.Equals(rid.ResourceType, ResourceType, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{id}' is not an Azure ML workspace id.");
        }

        var sub = Guid.Parse(rid.SubscriptionId!).ToString("D");
        return new WorkspaceRef(
            $"/subscriptions/{sub}/resourceGroups/{rid.ResourceGroupName}/providers/{ResourceType}/{rid.Name}",
            sub,
            rid.ResourceGroupName!,
            rid.Name);
    }

    /// <summary>A compute's id in this workspace.</summary>
    public string ComputeId(string computeName) => $"{Id}/computes/{computeName}";

    public bool Equals(WorkspaceRef? other) => other is not null && string.Equals(Id, other.Id, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Id);
}
