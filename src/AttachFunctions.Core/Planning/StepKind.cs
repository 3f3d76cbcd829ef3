namespace AttachFunctions.Core.Planning;

/// <summary>The ensure-steps of one attachment, in the order they run.</summary>
public enum StepKind
{
    /// <summary>Create or label the Kubernetes namespace (attach neither creates nor checks it).</summary>
    Namespace,

    /// <summary>
    /// A role the user-assigned workspace identity needs before attach (Microsoft Learn, "Attach a Kubernetes cluster
    /// to Azure Machine Learning workspace", learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace).
    /// </summary>
    PrerequisiteGrant,

    /// <summary>Attach the compute (GET first; a drifted or Failed compute is detached and attached again).</summary>
    Compute,

    /// <summary>A role for the compute's identity after attach (AcrPull, Storage Blob Data roles).</summary>
    ComputeGrant,

    /// <summary>Detach a compute whose cluster was deleted.</summary>
    Detach,
}
