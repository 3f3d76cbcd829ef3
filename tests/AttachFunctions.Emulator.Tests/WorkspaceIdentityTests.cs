using System.Net;
using AttachFunctions.Emulator;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// A workspace with several user-assigned identities: the GET body lists them all under identity.userAssignedIdentities
/// and names the one the workspace acts as in properties.primaryUserAssignedIdentity; a workspace contributor can add
/// identities and change the primary one.
/// </summary>
public sealed class WorkspaceIdentityTests
{
    private const string SecondPrincipal = "66666666-0000-0000-0000-0000000000a1";

    [Fact]
    public async Task Get_WorkspaceWithTwoIdentities_ListsBoth_AndNamesThePrimary()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var second = host.State.AddUserAssignedIdentity(TestWorld.Sub, "rg-ml", "id-aaa-second", SecondPrincipal, "66666666-0000-0000-0000-0000000000c1");
        host.State.AddWorkspaceIdentity(TestWorld.WsUser, second);

        var ws = await client.GetAsync($"{TestWorld.WsUser}?api-version=2025-12-01");

        var identities = ws.Body!["identity"]!["userAssignedIdentities"]!.AsObject();
        Assert.Equal(TestWorld.UaiPrincipal, identities[TestWorld.Uai]!["principalId"]!.GetValue<string>());
        Assert.Equal(SecondPrincipal, identities[second]!["principalId"]!.GetValue<string>());
        Assert.Equal(TestWorld.Uai, ws.Body!["properties"]!["primaryUserAssignedIdentity"]!.GetValue<string>());
        Assert.Equal([TestWorld.UaiPrincipal], host.State.WorkspacePrimaryIdentityPrincipals());
    }

    [Fact]
    public async Task Get_AfterThePrimaryIsCleared_OmitsPrimaryUserAssignedIdentity()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        host.State.SetWorkspacePrimaryIdentity(TestWorld.WsUser, null);

        var ws = await client.GetAsync($"{TestWorld.WsUser}?api-version=2025-12-01");

        Assert.Null(ws.Body!["properties"]!["primaryUserAssignedIdentity"]);
        Assert.NotNull(ws.Body!["identity"]!["userAssignedIdentities"]![TestWorld.Uai]);
    }

    [Fact]
    public async Task Scenario_PrimaryAndFurtherIdentities_AreSeededFromTheSpec()
    {
        var second = EmulatorIds.UserAssignedIdentity(TestWorld.Sub, "rg-ml", "id-second");
        var scenario = TestWorld.Scenario() with
        {
            Workspaces =
            [
                new WorkspaceSpec
                {
                    SubscriptionId = TestWorld.Sub, ResourceGroup = "rg-ml", Name = "ws-prod", IdentityType = "UserAssigned",
                    UserAssignedIdentityIds = [TestWorld.Uai, second], PrimaryUserAssignedIdentity = second,
                },
            ],
            UserAssignedIdentities =
            [
                .. TestWorld.Scenario().UserAssignedIdentities,
                new UserAssignedIdentitySpec { SubscriptionId = TestWorld.Sub, ResourceGroup = "rg-ml", Name = "id-second", PrincipalId = SecondPrincipal, ClientId = "66666666-0000-0000-0000-0000000000c2" },
            ],
        };

        await using var host = await TestHost.StartAsync(scenario);
        using var client = new ArmTestClient(host);

        var ws = await client.GetAsync($"{TestWorld.WsUser}?api-version=2025-12-01");

        Assert.Equal([SecondPrincipal], host.State.WorkspacePrimaryIdentityPrincipals());
        Assert.Equal(second, ws.Body!["properties"]!["primaryUserAssignedIdentity"]!.GetValue<string>());
        Assert.Equal(2, ws.Body!["identity"]!["userAssignedIdentities"]!.AsObject().Count);
    }

    [Fact]
    public async Task Attach_UserAssignedWorkspace_ChecksThePrimaryIdentitysRoles_NotAnotherIdentitys()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        var second = host.State.AddUserAssignedIdentity(TestWorld.Sub, "rg-ml", "id-aaa-second", SecondPrincipal, "66666666-0000-0000-0000-0000000000c1");
        host.State.AddWorkspaceIdentity(TestWorld.WsUser, second);
        foreach (var role in new[] { EmulatorIds.ReaderRole, EmulatorIds.KubernetesExtensionContributorRole, EmulatorIds.AksClusterAdminRole })
        {
            host.State.AddRoleAssignment(TestWorld.AksEntra, Guid.NewGuid().ToString(), role, SecondPrincipal);
        }

        using var client = new ArmTestClient(host);
        var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsUser, "cmp"), TestWorld.AttachBody(TestWorld.AksEntra, "UserAssigned"));
        Assert.Equal(HttpStatusCode.Created, put.Status);
        time.Advance(TimeSpan.FromSeconds(3));
        var operation = await client.GetAsync(put.Header("Azure-AsyncOperation")!);

        Assert.Equal("Failed", operation.Body!["status"]!.GetValue<string>());
        Assert.Contains(TestWorld.Uai, operation.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
