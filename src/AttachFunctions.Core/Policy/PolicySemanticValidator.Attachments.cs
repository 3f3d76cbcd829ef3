using System.Text.Json;
using AttachFunctions.Core.Resources;
using AttachFunctions.Core.Roles;

namespace AttachFunctions.Core.Policy;

internal sealed partial class PolicySemanticValidator
{
    private const string WorkspaceType = "Microsoft.MachineLearningServices/workspaces";
    private const string UserAssignedIdentityType = "Microsoft.ManagedIdentity/userAssignedIdentities";
    private const string RegistryType = "Microsoft.ContainerRegistry/registries";
    private const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    private const string BlobContainerType = "Microsoft.Storage/storageAccounts/blobServices/containers";

    /// <summary>Roles people reach for that the automation will never assign.</summary>
    private static readonly HashSet<string> PrivilegedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "Owner", "Contributor", "User Access Administrator", "UserAccessAdministrator",
        "Role Based Access Control Administrator", "RoleBasedAccessControlAdministrator",
    };

    /// <summary>What an attachment renders to before a cluster is known, for collision checks (null = unknown).</summary>
    private sealed record RenderedAttachment(string? Workspace, string? ComputeName, string? Namespace, bool NamespaceShared);

    private RenderedAttachment CheckAttachment(JsonElement attachment, string pointer)
    {
        var workspaceId = CheckResourceId(attachment, "workspace", pointer, "an Azure ML workspace id", checkResourceGroup: true, WorkspaceType);
        var workspaceName = workspaceId?.Name;

        var hasTeam = attachment.TryGet("team", out _);
        var team = attachment.String("team");
        if (team is not null && string.IsNullOrWhiteSpace(team))
        {
            Error(JsonElementAccess.Child(pointer, "team"), "'team' must not be blank; omit it or give a team key such as 'a' or 'vision'");
            team = null;
        }

        string? computeName = null;
        if (attachment.String("computeName") is { } computeTemplate)
        {
            computeName = CheckTemplate(JsonElementAccess.Child(pointer, "computeName"), computeTemplate, NameTarget.Compute, team, hasTeam, workspaceName);
        }

        string? namespaceName = null;
        var shared = false;
        if (attachment.Object("namespace") is { } ns)
        {
            var nsPointer = JsonElementAccess.Child(pointer, "namespace");
            if (ns.String("name") is { } nsTemplate)
            {
                namespaceName = CheckTemplate(JsonElementAccess.Child(nsPointer, "name"), nsTemplate, NameTarget.Namespace, team, hasTeam, workspaceName);
            }

            shared = ns.Boolean("shared") ?? false;
            CheckMetadata(ns, nsPointer, "labels", isLabel: true);
            CheckMetadata(ns, nsPointer, "annotations", isLabel: false);
        }

        if (attachment.Object("identity") is { } identity)
        {
            CheckIdentity(identity, JsonElementAccess.Child(pointer, "identity"));
        }

        CheckInstanceTypes(attachment, pointer);
        CheckGrants(attachment, pointer);
        CheckWorkspaceIdentityPrincipals(attachment, pointer, workspaceId?.ToString());

        return new RenderedAttachment(workspaceId?.ToString(), computeName, namespaceName, shared);
    }

    private void CheckIdentity(JsonElement identity, string pointer)
    {
        var type = identity.String("type");
        var idsPointer = JsonElementAccess.Child(pointer, "userAssignedIdentities");
        var ids = identity.Items("userAssignedIdentities", pointer).ToList();
        if (type == "UserAssigned")
        {
            if (ids.Count == 0)
            {
                Error(identity.TryGet("userAssignedIdentities", out _) ? idsPointer : pointer,
                    "a UserAssigned identity needs exactly one id in 'userAssignedIdentities' (a Microsoft.ManagedIdentity/userAssignedIdentities resource id)");
            }
            else if (ids.Count > 1)
            {
                Error(ids[1].Pointer, $"attach uses only the first user-assigned identity, so list exactly one ({ids.Count} are listed); the others would silently get no access");
            }

            foreach (var (_, itemPointer, _) in ids)
            {
                CheckResourceIdAt(itemPointer, "a user-assigned identity id", checkResourceGroup: false, UserAssignedIdentityType);
            }
        }
        else if (type == "SystemAssigned" && ids.Count > 0)
        {
            Error(idsPointer, "a SystemAssigned identity takes no 'userAssignedIdentities'; remove them, or set \"type\": \"UserAssigned\"");
        }
    }

    private void CheckGrants(JsonElement attachment, string pointer)
    {
        var seen = new Dictionary<(string Role, string Scope), int>();
        foreach (var (grant, grantPointer, index) in attachment.Items("grants", pointer))
        {
            if (grant.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var role = grant.String("role");
            var rolePointer = JsonElementAccess.Child(grantPointer, "role");
            var known = role is null ? null : RoleCatalog.FindComputeGrant(role);
            var allowed = string.Join(", ", RoleCatalog.ComputeGrants.Select(r => r.Name));
            if (role is not null && known is null)
            {
                var caseInsensitive = RoleCatalog.ComputeGrants.FirstOrDefault(r => string.Equals(r.Name, role, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(r.DisplayName, role, StringComparison.OrdinalIgnoreCase));
                var prerequisite = RoleCatalog.All.FirstOrDefault(r => r.Purpose != RolePurpose.ComputeGrant
                    && (string.Equals(r.Name, role, StringComparison.OrdinalIgnoreCase) || string.Equals(r.DisplayName, role, StringComparison.OrdinalIgnoreCase)));
                Error(rolePointer, (caseInsensitive, prerequisite) switch
                {
                    ({ } r, _) => $"unknown role '{role}'; did you mean '{r.Name}'? (allowed: {allowed})",
                    (_, { } p) => $"'{role}' is granted by the automation to the workspace identity when attach needs it, never to a compute identity (allowed here: {allowed})",
                    _ when PrivilegedRoles.Contains(role) => $"the automation never grants '{role}': it assigns only the data roles a compute needs (allowed: {allowed})",
                    _ => $"unknown role '{role}' (allowed: {allowed})",
                });
            }

            ResourceId? scopeId = known?.Name switch
            {
                "AcrPull" => CheckResourceId(grant, "scope", grantPointer, "a container registry id", checkResourceGroup: true, RegistryType),
                "StorageBlobDataReader" or "StorageBlobDataContributor" =>
                    CheckResourceId(grant, "scope", grantPointer, "a storage account or blob container id", checkResourceGroup: true, StorageAccountType, BlobContainerType),
                _ => CheckResourceId(grant, "scope", grantPointer, "a resource id", checkResourceGroup: true),
            };

            if (role is not null && scopeId is not null && !seen.TryAdd((role, scopeId.ToString().ToUpperInvariant()), index))
            {
                Error(grantPointer, $"the same grant ({role} on '{scopeId}') is already listed at grants[{seen[(role, scopeId.ToString().ToUpperInvariant())]}]");
            }
        }
    }

    private ResourceId? CheckResourceId(JsonElement parent, string name, string parentPointer, string what, bool checkResourceGroup, params string[] types) =>
        parent.TryGet(name, out _)
            ? CheckResourceIdAt(JsonElementAccess.Child(parentPointer, name), what, checkResourceGroup, types)
            : null;

    /// <summary>Parses the string at <paramref name="pointer"/> as a resource id of one of <paramref name="types"/> (any when empty) inside scope.</summary>
    private ResourceId? CheckResourceIdAt(string pointer, string what, bool checkResourceGroup, params string[] types)
    {
        if (PolicySchema.Resolve(_document, pointer) is not { ValueKind: JsonValueKind.String } element)
        {
            return null;
        }

        var text = element.GetString()!;
        if (!ResourceId.TryParse(text, out var id) || id is null || id.SubscriptionId is null
            || string.Equals(id.ResourceType, "Microsoft.Resources/subscriptions", StringComparison.OrdinalIgnoreCase))
        {
            Error(pointer, $"'{text}' is not a valid resource id; expected {what}, like /subscriptions/{{id}}/resourceGroups/{{rg}}/providers/{(types.Length > 0 ? types[0] : "{provider}/{type}")}/{{name}}");
            return null;
        }

        var actual = id.ResourceType;
        if (types.Length > 0 && !types.Any(t => string.Equals(t, actual, StringComparison.OrdinalIgnoreCase)))
        {
            var ancestor = Ancestors(id).FirstOrDefault(a => types.Any(t => string.Equals(t, a.ResourceType, StringComparison.OrdinalIgnoreCase)));
            Error(pointer, ancestor is not null
                ? $"'{text}' is a {actual} inside {ancestor.ResourceType}, not {what}; use '{ancestor}'"
                : $"'{text}' is a {actual}, not {what} ({string.Join(" or ", types)})");
            return null;
        }

        if (_scopeUsable && !_scope.Contains(id, checkResourceGroup, out var reason))
        {
            Error(pointer, $"'{text}' is outside the policy's scope: {reason}; the automation never touches anything outside scope");
        }

        return id;
    }

    private static IEnumerable<ResourceId> Ancestors(ResourceId id)
    {
        for (var current = id.Parent; current is not null; current = current.Parent)
        {
            yield return current;
        }
    }
}
