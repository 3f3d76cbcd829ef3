using System.Text.Json.Nodes;
using AttachFunctions.Core.Roles;
using static AttachFunctions.Infra.Tests.TestDeployment;

namespace AttachFunctions.Infra.Tests;

/// <summary>
/// The request table: role assignment writes and deletes the automation might attempt (by design or once
/// compromised), and what Azure must decide for each under the compiled delegation conditions. Every row is played
/// as a write and as a delete (delete mirrors write).
/// </summary>
public static class DelegationRequestTable
{
    public static readonly Guid Owner = Guid.Parse("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    public static readonly Guid UserAccessAdministrator = Guid.Parse("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9");
    public static readonly Guid Contributor = Guid.Parse("b24988ac-6180-42a0-ab88-20f7382dd24c");

    /// <summary>Which parameter set a row is deployed with.</summary>
    public enum Setup
    {
        /// <summary><see cref="TestDeployment.Parameters"/> as is.</summary>
        Standard,

        /// <summary>An operator mistake: the automation's own principal id is listed as a workspace identity.</summary>
        AutomationListedAsWorkspaceIdentity,
    }

    public sealed record Row(string Name, Guid Role, Guid Principal, string PrincipalType, string Scope, bool Allowed, Setup Setup = Setup.Standard)
    {
        public override string ToString() => Name;
    }

    private static readonly (string Name, Guid Role, string Scope)[] RolesAtTheirPlace =
    [
        ("Reader", RoleCatalog.Reader.DefinitionGuid, Cluster),
        ("KubernetesExtensionContributor", RoleCatalog.KubernetesExtensionContributor.DefinitionGuid, Cluster),
        ("AksClusterAdmin", RoleCatalog.AksClusterAdmin.DefinitionGuid, Cluster),
        ("AzureRelayOwner", RoleCatalog.AzureRelayOwner.DefinitionGuid, RelayNamespace),
        ("AcrPull", RoleCatalog.AcrPull.DefinitionGuid, Registry),
        ("StorageBlobDataReader", RoleCatalog.StorageBlobDataReader.DefinitionGuid, StorageAccount),
        ("StorageBlobDataContributor", RoleCatalog.StorageBlobDataContributor.DefinitionGuid, StorageContainer),
    ];

    public static IReadOnlyList<Row> Rows { get; } = Build();

    private static List<Row> Build()
    {
        const string Sp = "ServicePrincipal";
        var aksAdmin = RoleCatalog.AksClusterAdmin.DefinitionGuid;
        var acrPull = RoleCatalog.AcrPull.DefinitionGuid;
        var rows = new List<Row>();
        foreach (var (name, role, scope) in RolesAtTheirPlace)
        {
            rows.Add(new Row($"Self_{name}_IsDenied", role, Automation, Sp, scope, false));
            rows.Add(new Row($"Self_{name}_EvenIfListedAsWorkspaceIdentity_IsDenied", role, Automation, Sp, scope, false,
                Setup.AutomationListedAsWorkspaceIdentity));
        }

        foreach (var (name, role, scope) in RolesAtTheirPlace.Take(4))
        {
            rows.Add(new Row($"{name}_ToAllowedWorkspaceIdentity_OnClusterGroup_IsAllowed", role, WorkspaceIdentity, Sp, scope, true));
        }

        rows.AddRange(
        [
            new("AksClusterAdmin_ToOtherAllowedWorkspaceIdentity_IsAllowed", aksAdmin, OtherWorkspaceIdentity, Sp, Cluster, true),
            new("AksClusterAdmin_ToUnknownServicePrincipal_IsDenied", aksAdmin, UnknownServicePrincipal, Sp, Cluster, false),
            new("AksClusterAdmin_ToComputeIdentity_IsDenied", aksAdmin, ComputeIdentity, Sp, Cluster, false),
            new("KubernetesExtensionContributor_ToUnknownServicePrincipal_IsDenied", RoleCatalog.KubernetesExtensionContributor.DefinitionGuid, UnknownServicePrincipal, Sp, Cluster, false),
            new("AksClusterAdmin_ToWorkspaceIdentity_OnUnlistedGroup_IsDenied", aksAdmin, WorkspaceIdentity, Sp, OtherGroupCluster, false),
            new("AksClusterAdmin_ToWorkspaceIdentity_OnRegistry_IsDenied", aksAdmin, WorkspaceIdentity, Sp, Registry, false),
            new("AksClusterAdmin_ToWorkspaceIdentity_OnStorageAccount_IsDenied", aksAdmin, WorkspaceIdentity, Sp, StorageAccount, false),
            new("AcrPull_ToComputeIdentity_OnRegistry_IsAllowed", acrPull, ComputeIdentity, Sp, Registry, true),
            new("AcrPull_ToComputeIdentity_OnClusterGroup_IsDenied", acrPull, ComputeIdentity, Sp, ClusterGroup, false),
            new("AcrPull_ToWorkspaceIdentity_OnCluster_IsDenied", acrPull, WorkspaceIdentity, Sp, Cluster, false),
            new("AcrPull_ToComputeIdentity_OnUnlistedRegistryInTheSameGroup_IsDenied", acrPull, ComputeIdentity, Sp, UnlistedRegistry, false),
            new("AcrPull_ToComputeIdentity_OnTheRegistrysGroup_IsDenied", acrPull, ComputeIdentity, Sp, SharedGroup, false),
            new("AcrPull_ToComputeIdentity_OnStorageAccount_IsDenied", acrPull, ComputeIdentity, Sp, StorageAccount, false),
            new("StorageBlobDataReader_ToComputeIdentity_OnStorageAccount_IsAllowed", RoleCatalog.StorageBlobDataReader.DefinitionGuid, ComputeIdentity, Sp, StorageAccount, true),
            new("StorageBlobDataContributor_ToComputeIdentity_OnContainer_IsAllowed", RoleCatalog.StorageBlobDataContributor.DefinitionGuid, ComputeIdentity, Sp, StorageContainer, true),
            new("StorageBlobDataContributor_ToComputeIdentity_OnUnlistedStorageAccount_IsDenied", RoleCatalog.StorageBlobDataContributor.DefinitionGuid, ComputeIdentity, Sp, UnlistedStorageAccount, false),
            new("StorageBlobDataContributor_ToComputeIdentity_OnRegistry_IsDenied", RoleCatalog.StorageBlobDataContributor.DefinitionGuid, ComputeIdentity, Sp, Registry, false),
            new("Owner_ToWorkspaceIdentity_OnCluster_IsDenied", Owner, WorkspaceIdentity, Sp, Cluster, false),
            new("UserAccessAdministrator_ToWorkspaceIdentity_OnCluster_IsDenied", UserAccessAdministrator, WorkspaceIdentity, Sp, Cluster, false),
            new("Contributor_ToWorkspaceIdentity_OnCluster_IsDenied", Contributor, WorkspaceIdentity, Sp, Cluster, false),
            new("Owner_ToComputeIdentity_OnRegistry_IsDenied", Owner, ComputeIdentity, Sp, Registry, false),
            new("UserAccessAdministrator_ToComputeIdentity_OnStorageAccount_IsDenied", UserAccessAdministrator, ComputeIdentity, Sp, StorageAccount, false),
            new("Contributor_ToComputeIdentity_OnStorageAccount_IsDenied", Contributor, ComputeIdentity, Sp, StorageAccount, false),
            new("AksClusterAdmin_ToWorkspaceIdentityIdAsUser_IsDenied", aksAdmin, WorkspaceIdentity, "User", Cluster, false),
            new("AcrPull_ToUser_OnRegistry_IsDenied", acrPull, ComputeIdentity, "User", Registry, false),
            new("StorageBlobDataReader_ToUser_OnStorageAccount_IsDenied", RoleCatalog.StorageBlobDataReader.DefinitionGuid, ComputeIdentity, "User", StorageAccount, false),
            new("AksClusterAdmin_ToGroup_IsDenied", aksAdmin, WorkspaceIdentity, "Group", Cluster, false),
            new("AcrPull_ToGroup_OnRegistry_IsDenied", acrPull, ComputeIdentity, "Group", Registry, false),
            new("StorageBlobDataContributor_ToGroup_OnStorageAccount_IsDenied", RoleCatalog.StorageBlobDataContributor.DefinitionGuid, ComputeIdentity, "Group", StorageAccount, false),
        ]);
        return rows;
    }

    public static Dictionary<string, JsonNode?> ParametersFor(Setup setup) => setup switch
    {
        Setup.AutomationListedAsWorkspaceIdentity => TestDeployment.Parameters(p =>
            p["workspaceIdentityPrincipalIds"] = new JsonArray(WorkspaceIdentity.ToString(), Automation.ToString())),
        _ => TestDeployment.Parameters(),
    };

    /// <summary>Azure's decision for one row and one action on the template; syntax the evaluator does not know throws.</summary>
    public static bool Decide(JsonObject root, Row row, string action) =>
        DelegatedAuthority.Of(root, ParametersFor(row.Setup))
            .Allows(new AbacRequest(action, row.Role, row.Principal, row.PrincipalType), row.Scope);

    /// <summary>The rows (write and delete) whose decision differs from the table, or cannot be taken; empty = the table holds.</summary>
    public static IReadOnlyList<string> Failures(JsonObject root)
    {
        var failures = new List<string>();
        var authorities = Enum.GetValues<Setup>().ToDictionary(s => s, s => DelegatedAuthority.Of(root, ParametersFor(s)));
        foreach (var row in Rows)
        {
            foreach (var action in new[] { AbacRequest.WriteAction, AbacRequest.DeleteAction })
            {
                try
                {
                    var allowed = authorities[row.Setup].Allows(new AbacRequest(action, row.Role, row.Principal, row.PrincipalType), row.Scope);
                    if (allowed != row.Allowed)
                    {
                        failures.Add($"{row.Name} ({action}): {(allowed ? "allowed" : "denied")}, expected {(row.Allowed ? "allowed" : "denied")}");
                    }
                }
                catch (AbacSyntaxException ex)
                {
                    failures.Add($"{row.Name} ({action}): the condition cannot be evaluated: {ex.Message}");
                }
            }
        }

        return failures;
    }
}
