namespace AttachFunctions.Core.Policy;

/// <summary>
/// Caps on the size of a policy and on what one rule may fan out to. They bound the work (and the role assignments)
/// one document or one cluster can cause; each is far above what a large platform team needs. The schema
/// (<c>schemas/attach-policy.schema.json</c>) repeats the array caps as <c>maxItems</c> and a test keeps them equal;
/// samples/policy.reference.md documents them.
/// </summary>
public static class PolicyLimits
{
    /// <summary>Largest policy document accepted, in UTF-8 bytes (256 KiB).</summary>
    public const int MaxPolicyBytes = 256 * 1024;

    /// <summary>Most rules in one policy.</summary>
    public const int MaxRules = 200;

    /// <summary>
    /// Most attachments one cluster may resolve to. A cluster gets the attachments of the first rule that matches it,
    /// so this is also the cap on a rule's attachments; <see cref="Desired.DesiredStateBuilder"/> enforces it again for
    /// policies built in code.
    /// </summary>
    public const int MaxAttachmentsPerCluster = 20;

    /// <summary>Most namespaces the automation manages on one cluster (one per attachment at most, fewer when shared).</summary>
    public const int MaxNamespacesPerCluster = 20;

    /// <summary>Most compute identity grants per attachment.</summary>
    public const int MaxGrantsPerAttachment = 20;

    /// <summary>Most principals an attachment's <c>workspaceIdentityPrincipalIds</c> may list.</summary>
    public const int MaxWorkspaceIdentityPrincipals = 20;
}
