using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Desired;

/// <summary>
/// A role a <b>user-assigned</b> workspace identity needs before attach (contracts §a.7). System-assigned workspace
/// identities get these from the service. The relay's id is known only after listing the cluster's resource group,
/// so <see cref="Scope"/> is null for <see cref="PrerequisiteScope.RelayNamespace"/> until observed.
/// </summary>
public sealed record DesiredPrerequisite(BuiltInRole Role, PrerequisiteScope ScopeKind, string? Scope);
