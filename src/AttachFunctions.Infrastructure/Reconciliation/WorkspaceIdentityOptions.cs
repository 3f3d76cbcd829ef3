using AttachFunctions.Core.Roles;

namespace AttachFunctions.Infrastructure.Reconciliation;

/// <summary>
/// Which workspace identities may receive cluster-level roles (configuration section <c>Security</c>, app setting
/// <c>Security__WorkspaceIdentityPrincipalIds</c>): a comma- or semicolon-separated list of principal (object) ids,
/// GUIDs. The deployment writes it from its <c>workspaceIdentityPrincipalIds</c> parameter, which also feeds the ABAC
/// condition on the automation's role assignment. Empty or absent means none: no workspace identity is granted
/// anything at a cluster until the deployment names it. Validated at start-up.
/// </summary>
public sealed class WorkspaceIdentityOptions
{
    public const string Section = "Security";

    /// <summary>Principal (object) ids, comma- or semicolon-separated; empty: none allowed.</summary>
    public string? WorkspaceIdentityPrincipalIds { get; set; }

    /// <summary>The parsed list; throws <see cref="FormatException"/> when the setting is not valid (start-up validation says so first).</summary>
    public WorkspaceIdentityAllowList AllowList() => WorkspaceIdentityAllowList.Parse(WorkspaceIdentityPrincipalIds);

    public void Validate()
    {
        if (!WorkspaceIdentityAllowList.TryParse(WorkspaceIdentityPrincipalIds, out _, out var errors))
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }
    }
}
