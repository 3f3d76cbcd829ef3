namespace AttachFunctions.Core.Desired;

/// <summary>Where a workspace-identity prerequisite role is granted.</summary>
public enum PrerequisiteScope
{
    /// <summary>On the cluster itself.</summary>
    Cluster,

    /// <summary>On the Azure Relay namespace the ML extension created in the cluster's resource group (Arc only).</summary>
    RelayNamespace,
}
