using AttachFunctions.Core.Roles;

namespace AttachFunctions.Infra.Tests;

/// <summary>The security properties hold on the compiled infra/main.bicep.</summary>
public sealed class SecurityPropertyTests(CompiledTemplate template)
{
    private static readonly Guid[] AllowList = RoleCatalog.All.Select(r => r.DefinitionGuid).ToArray();

    /// <summary>
    /// The ARM actions the product calls (src/AttachFunctions.Infrastructure/Arm: ArmGateway and the observation
    /// reads): AKS listClusterUserCredential is called by the Kubernetes API namespace strategy; Arc cluster connect
    /// (connectedClusters/listClusterUserCredential) is not called anywhere.
    /// </summary>
    public static readonly string[] CalledActions =
    [
        "Microsoft.MachineLearningServices/workspaces/read",
        "Microsoft.MachineLearningServices/workspaces/computes/read",
        "Microsoft.MachineLearningServices/workspaces/computes/write",
        "Microsoft.MachineLearningServices/workspaces/computes/delete",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.ContainerService/managedClusters/read",
        "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action",
        "Microsoft.Kubernetes/connectedClusters/read",
        "Microsoft.KubernetesConfiguration/extensions/read",
        "Microsoft.Relay/namespaces/read",
    ];

    [Fact]
    public void Storage_SharedKeyAccess_IsDisabled() =>
        Holds(SecurityChecks.StorageIsIdentityOnly(template.Copy()));

    [Fact]
    public void ApplicationInsights_LocalAuth_IsDisabled() =>
        Holds(SecurityChecks.ApplicationInsightsLocalAuthIsOff(template.Copy()));

    [Fact]
    public void FunctionApp_HttpsTlsAndFtp_AreLockedDown() =>
        Holds(SecurityChecks.FunctionAppIsHardened(template.Copy()));

    [Fact]
    public void RbacAdministrator_Condition_AllowsExactlyTheRoleCatalog() =>
        Holds(SecurityChecks.RbacDelegationIsConstrained(template.Copy(), AllowList));

    [Fact]
    public void RbacAdministrator_Delegations_SitExactlyOnTheListedClusterGroupsRegistriesAndStorageAccounts() =>
        Holds(SecurityChecks.DelegationsArePlacedOnTheListedScopes(template.Copy()));

    [Fact]
    public void PolicyAndPackage_AreOutsideTheAccountWhereTheAppIsBlobDataOwner() =>
        Holds(SecurityChecks.PolicyAndPackageAreOutOfTheHostAccount(template.Copy()));

    [Fact]
    public void KeyVault_SecretsUser_IsGrantedPerSecretNeverOnTheVault() =>
        Holds(SecurityChecks.KeyVaultGrantsAreSecretScoped(template.Copy()));

    [Fact]
    public void CustomRoles_HoldOnlyActionsTheProductCalls_NoArcClusterConnectCredential() =>
        Holds(SecurityChecks.CustomRolesHoldOnlyCalledActions(template.Copy(), CalledActions));

    [Fact]
    public void RoleAssignments_All_SetPrincipalTypeAndDeterministicNames() =>
        Holds(SecurityChecks.RoleAssignmentsAreExplicitAndDeterministic(template.Copy()));

    [Fact]
    public void SettingsAndOutputs_Any_HoldNoKeyOrKeyedConnectionString() =>
        Holds(SecurityChecks.NoSecretsInSettingsOrOutputs(template.Copy()));

    [Fact]
    public void EventSubscription_Filter_ListsExactlyTheHandledOperations() =>
        Holds(SecurityChecks.EventSubscriptionMatches(template.Copy(), InfraFiles.ReadEventOperations()));

    private static void Holds(IReadOnlyList<string> violations) =>
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));

    [Fact]
    public void EventOperations_File_ListsTheFiveClusterOperations()
    {
        var operations = InfraFiles.ReadEventOperations();
        Assert.Equal(
            [
                "Microsoft.ContainerService/managedClusters/delete",
                "Microsoft.ContainerService/managedClusters/write",
                "Microsoft.Kubernetes/connectedClusters/delete",
                "Microsoft.Kubernetes/connectedClusters/write",
                "Microsoft.KubernetesConfiguration/extensions/write",
            ],
            operations.OperationNames.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["Microsoft.Resources.ResourceDeleteSuccess", "Microsoft.Resources.ResourceWriteSuccess"],
            operations.IncludedEventTypes.Order(StringComparer.Ordinal));
    }
}
