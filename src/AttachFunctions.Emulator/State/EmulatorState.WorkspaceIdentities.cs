namespace AttachFunctions.Emulator;

/// <summary>Workspace identities: what a workspace contributor can change, and which principals the workspaces act as.</summary>
public sealed partial class EmulatorState
{
    /// <summary>Creates a user-assigned managed identity (already replicated in the directory) and returns its id.</summary>
    public string AddUserAssignedIdentity(string subscriptionId, string resourceGroup, string name, string principalId, string clientId)
    {
        lock (Gate)
        {
            AddResource(subscriptionId, resourceGroup, "Microsoft.ManagedIdentity/userAssignedIdentities", name, "westeurope",
                new Dictionary<string, string>(), principalId, clientId);
            AddPrincipal(principalId, "ServicePrincipal", name, Now);
            return EmulatorIds.UserAssignedIdentity(subscriptionId, resourceGroup, name);
        }
    }

    /// <summary>
    /// A workspace contributor assigns another user-assigned identity to a workspace (as a workspace update with
    /// <c>identity.userAssignedIdentities</c> does), optionally making it the primary one.
    /// </summary>
    public void AddWorkspaceIdentity(string workspaceId, string identityId, bool makePrimary = false)
    {
        lock (Gate)
        {
            var ws = RequireWorkspace(workspaceId);
            if (!Resources.ContainsKey(identityId))
            {
                throw new KeyNotFoundException($"The emulator has no user-assigned identity '{identityId}'.");
            }

            if (!ws.UserAssignedIdentityIds.Contains(identityId, StringComparer.OrdinalIgnoreCase))
            {
                ws.UserAssignedIdentityIds.Add(identityId);
            }

            ws.IdentityType = WorkspaceIdentityType(ws.PrincipalId is not null, user: true);

            if (makePrimary)
            {
                ws.PrimaryUserAssignedIdentity = identityId;
            }
        }
    }

    /// <summary>
    /// A workspace owner turns the system-assigned identity on beside the user-assigned ones (identity type
    /// <c>SystemAssigned,UserAssigned</c>); returns its principal id (already replicated in the directory).
    /// </summary>
    public string EnableWorkspaceSystemIdentity(string workspaceId, string? principalId = null)
    {
        lock (Gate)
        {
            var ws = RequireWorkspace(workspaceId);
            ws.PrincipalId ??= principalId ?? EmulatorIds.DeterministicGuid("workspace-identity|" + ws.Id);
            ws.IdentityType = WorkspaceIdentityType(system: true, user: ws.UserAssignedIdentityIds.Count > 0);
            AddPrincipal(ws.PrincipalId, "ServicePrincipal", ws.Name, Now);
            return ws.PrincipalId;
        }
    }

    /// <summary>
    /// The identity type as Azure spells it (common-types v3 <c>ManagedServiceIdentityType</c>, managedidentity.json:
    /// <c>None</c>, <c>SystemAssigned</c>, <c>UserAssigned</c>, <c>SystemAssigned,UserAssigned</c>).
    /// </summary>
    internal static string WorkspaceIdentityType(bool system, bool user) => (system, user) switch
    {
        (true, true) => "SystemAssigned,UserAssigned",
        (true, false) => "SystemAssigned",
        (false, true) => "UserAssigned",
        _ => "None",
    };

    /// <summary>Sets (or, with null, clears) a workspace's <c>primaryUserAssignedIdentity</c>.</summary>
    public void SetWorkspacePrimaryIdentity(string workspaceId, string? identityId)
    {
        lock (Gate)
        {
            RequireWorkspace(workspaceId).PrimaryUserAssignedIdentity = identityId;
        }
    }

    /// <summary>The principals of the primary user-assigned identities of the workspaces, sorted (a host's allow-list for this world).</summary>
    public IReadOnlyList<string> WorkspacePrimaryIdentityPrincipals()
    {
        lock (Gate)
        {
            return [.. Workspaces.Values
                .Select(w => w.PrimaryUserAssignedIdentity is { } id && Resources.TryGetValue(id, out var uai) ? uai.PrincipalId : null)
                .OfType<string>()
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.Ordinal)];
        }
    }
}
