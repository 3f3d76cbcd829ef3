using AttachFunctions.Core.Roles;

namespace AttachFunctions.Infra.Tests;

/// <summary>The security properties hold on the compiled infra/main.bicep.</summary>
public sealed class SecurityPropertyTests(CompiledTemplate template)
{
    private static readonly Guid[] AllowList = RoleCatalog.All.Select(r => r.DefinitionGuid).ToArray();

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
