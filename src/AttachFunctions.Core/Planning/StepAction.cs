namespace AttachFunctions.Core.Planning;

/// <summary>What a planned step will do when applied.</summary>
public enum StepAction
{
    /// <summary>Already as desired: nothing to write.</summary>
    None,

    /// <summary>Missing: create it.</summary>
    Create,

    /// <summary>Present but different in a way that can be changed in place (namespace labels).</summary>
    Update,

    /// <summary>Present but drifted or Failed where no in-place change works: detach, wait, attach again.</summary>
    Replace,

    /// <summary>Remove it (detach a compute of a deleted cluster).</summary>
    Delete,

    /// <summary>Cannot proceed; the step carries a diagnosis.</summary>
    Blocked,
}
