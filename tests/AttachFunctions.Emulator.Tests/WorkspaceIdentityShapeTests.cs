using System.Net;
using AttachFunctions.Emulator;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// A workspace's identity in the shape Azure returns it (common-types v3 managedidentity.json, ManagedServiceIdentity):
/// a workspace may have its system-assigned identity and several user-assigned ones at once, type
/// "SystemAssigned,UserAssigned" spelled exactly so, the system principal and tenant at the top, each user-assigned
/// identity with its principalId and clientId, properties.primaryUserAssignedIdentity, and systemData.
/// </summary>
public sealed class WorkspaceIdentityShapeTests
{
    private const string SecondPrincipal = "66666666-0000-0000-0000-0000000000a2";
    private const string SystemPrincipal = "77777777-0000-0000-0000-0000000000a1";

    [Fact]
    public async Task Get_SeededSystemAndUserAssignedWorkspace_HasAzuresShape()
    {
        var second = EmulatorIds.UserAssignedIdentity(TestWorld.Sub, "rg-ml", "id-second");
        var scenario = TestWorld.Scenario() with
        {
            Workspaces =
            [
                new WorkspaceSpec
                {
                    SubscriptionId = TestWorld.Sub, ResourceGroup = "rg-ml", Name = "ws-prod", IdentityType = "SystemAssigned,UserAssigned",
                    PrincipalId = SystemPrincipal, UserAssignedIdentityIds = [TestWorld.Uai, second], PrimaryUserAssignedIdentity = TestWorld.Uai,
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

        Assert.Equal(HttpStatusCode.OK, ws.Status);
        var identity = ws.Body!["identity"]!;
        Assert.Equal("SystemAssigned,UserAssigned", identity["type"]!.GetValue<string>());
        Assert.Equal(SystemPrincipal, identity["principalId"]!.GetValue<string>());
        Assert.Equal(TestWorld.Tenant, identity["tenantId"]!.GetValue<string>());
        var users = identity["userAssignedIdentities"]!.AsObject();
        Assert.Equal(2, users.Count);
        Assert.Equal(TestWorld.UaiPrincipal, users[TestWorld.Uai]!["principalId"]!.GetValue<string>());
        Assert.Equal("33333333-0000-0000-0000-0000000000c1", users[TestWorld.Uai]!["clientId"]!.GetValue<string>());
        Assert.Equal(SecondPrincipal, users[second]!["principalId"]!.GetValue<string>());
        Assert.Equal("66666666-0000-0000-0000-0000000000c2", users[second]!["clientId"]!.GetValue<string>());
        Assert.Equal(TestWorld.Uai, ws.Body!["properties"]!["primaryUserAssignedIdentity"]!.GetValue<string>());
        var systemData = ws.Body!["systemData"]!;
        foreach (var field in new[] { "createdBy", "createdByType", "createdAt", "lastModifiedBy", "lastModifiedByType", "lastModifiedAt" })
        {
            Assert.False(string.IsNullOrEmpty(systemData[field]?.GetValue<string>()), field);
        }

        Assert.True(DateTimeOffset.TryParse(systemData["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
    }

    [Fact]
    public async Task Get_AfterTheOwnerTurnsTheSystemIdentityOnBesideTheUserAssignedOne_ReportsBoth()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        var system = host.State.EnableWorkspaceSystemIdentity(TestWorld.WsUser, SystemPrincipal);
        var ws = await client.GetAsync($"{TestWorld.WsUser}?api-version=2025-12-01");

        Assert.Equal(SystemPrincipal, system);
        Assert.Equal("SystemAssigned,UserAssigned", ws.Body!["identity"]!["type"]!.GetValue<string>());
        Assert.Equal(SystemPrincipal, ws.Body!["identity"]!["principalId"]!.GetValue<string>());
        Assert.NotNull(ws.Body!["identity"]!["userAssignedIdentities"]![TestWorld.Uai]);
        Assert.Equal(TestWorld.Uai, ws.Body!["properties"]!["primaryUserAssignedIdentity"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_SystemAssignedWorkspaceGivenAUserAssignedIdentity_BecomesSystemAssignedCommaUserAssigned()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        host.State.AddWorkspaceIdentity(TestWorld.WsSystem, TestWorld.Uai, makePrimary: true);
        var ws = await client.GetAsync($"{TestWorld.WsSystem}?api-version=2025-12-01");

        var identity = ws.Body!["identity"]!;
        Assert.Equal("SystemAssigned,UserAssigned", identity["type"]!.GetValue<string>());
        Assert.NotNull(identity["principalId"]);
        Assert.NotNull(identity["userAssignedIdentities"]![TestWorld.Uai]);
    }

    [Fact]
    public async Task Attach_SystemAndUserAssignedWorkspace_WithoutThePrimarysRoles_Fails_AsAUserAssignedOneDoes()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        host.State.EnableWorkspaceSystemIdentity(TestWorld.WsUser, SystemPrincipal);
        using var client = new ArmTestClient(host);

        var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsUser, "cmp"), TestWorld.AttachBody(TestWorld.AksEntra, "UserAssigned"));
        Assert.Equal(HttpStatusCode.Created, put.Status);
        time.Advance(TimeSpan.FromSeconds(3));
        var operation = await client.GetAsync(put.Header("Azure-AsyncOperation")!);

        Assert.Equal("Failed", operation.Body!["status"]!.GetValue<string>());
        Assert.Contains(TestWorld.Uai, operation.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
