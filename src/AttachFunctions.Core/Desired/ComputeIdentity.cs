using AttachFunctions.Core.Policy;

namespace AttachFunctions.Core.Desired;

/// <summary>The compute's managed identity: system-assigned, or one user-assigned identity (attach uses only the first).</summary>
public sealed record ComputeIdentity(ComputeIdentityType Type, string? UserAssignedIdentityId)
{
    public static ComputeIdentity SystemAssigned { get; } = new(ComputeIdentityType.SystemAssigned, null);
}
