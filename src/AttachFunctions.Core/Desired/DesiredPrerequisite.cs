using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Desired;

/// <summary>
/// A role a <b>user-assigned</b> workspace identity needs before attach (Microsoft Learn, "Attach a Kubernetes cluster
/// to Azure Machine Learning workspace", learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace).
/// System-assigned workspace identities get these from the service. The relay's id is known only after listing the
/// cluster's resource group, so <see cref="Scope"/> is null for <see cref="PrerequisiteScope.RelayNamespace"/> until observed.
/// </summary>
public sealed record DesiredPrerequisite(BuiltInRole Role, PrerequisiteScope ScopeKind, string? Scope);
