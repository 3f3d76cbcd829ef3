using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Desired;

/// <summary>A role assignment the compute identity should hold: role and scope (a resource id).</summary>
public sealed record DesiredGrant(BuiltInRole Role, string Scope)
{
    public string Describe() => $"{Role.DisplayName} on {Scope}";
}
