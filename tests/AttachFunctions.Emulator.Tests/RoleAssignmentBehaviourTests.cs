using System.Net;

namespace AttachFunctions.Emulator.Tests;

/// <summary>Role assignment semantics: filters, defaults, ABAC-style allow-list, immutable assignments.</summary>
public sealed class RoleAssignmentBehaviourTests
{
    private static async Task PutAsync(ArmTestClient client, string scope, string role, string principal) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(TestWorld.RoleAssignmentPath(scope, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(role, principal))).Status);

    private static async Task<List<string>> ScopesAsync(ArmTestClient client, string scope, string filter)
    {
        var reply = await client.GetAsync($"{scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter={Uri.EscapeDataString(filter)}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return [.. reply.Body!["value"]!.AsArray().Select(a => a!["properties"]!["scope"]!.GetValue<string>())];
    }

    [Fact]
    public async Task List_AtScopeAndPrincipalFilters_FollowTheDocumentedSemantics()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var rg = EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-aks");
        await PutAsync(client, "/subscriptions/" + TestWorld.Sub, EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal);
        await PutAsync(client, TestWorld.AksEntra, EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal);
        await PutAsync(client, TestWorld.AksEntra, EmulatorIds.ReaderRole, TestWorld.UaiPrincipal);

        var atScopeOfRg = await ScopesAsync(client, rg, "atScope()");
        var principalFromRg = await ScopesAsync(client, rg, $"principalId eq '{TestWorld.ExistingPrincipal}'");
        var atScopeOfCluster = await ScopesAsync(client, TestWorld.AksEntra.ToLowerInvariant(), "atScope()");

        Assert.Equal(["/subscriptions/" + TestWorld.Sub], atScopeOfRg);
        Assert.Equal(2, principalFromRg.Count);
        Assert.Equal(3, atScopeOfCluster.Count);
    }

    [Fact]
    public async Task Put_WithoutPrincipalType_DefaultsToUser()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        var reply = await client.PutAsync(TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString()),
            TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal, principalType: null));

        Assert.Equal("User", reply.Body!["properties"]!["principalType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_RoleOrPrincipalTypeOutsideAllowList_403AuthorizationFailed()
    {
        var knobs = new KnobsSpec { AssignableRoleDefinitionIds = [EmulatorIds.ReaderRole], AssignablePrincipalTypes = ["ServicePrincipal"] };
        await using var host = await TestHost.StartAsync(TestWorld.Scenario(knobs));
        using var client = new ArmTestClient(host);

        var allowed = await client.PutAsync(TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal));
        var otherRole = await client.PutAsync(TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(EmulatorIds.AksClusterAdminRole, TestWorld.ExistingPrincipal));
        var defaultType = await client.PutAsync(TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.UaiPrincipal, principalType: null));

        Assert.Equal(HttpStatusCode.Created, allowed.Status);
        Assert.Equal(HttpStatusCode.Forbidden, otherRole.Status);
        Assert.Equal("AuthorizationFailed", otherRole.ErrorCode);
        Assert.Contains("ABAC condition not fulfilled", otherRole.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("AuthorizationFailed", defaultType.ErrorCode);
    }

    [Fact]
    public async Task Put_SameNameDifferentPrincipal_400UpdateNotPermitted()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var path = TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString());
        await client.PutAsync(path, TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal));

        var reply = await client.PutAsync(path, TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.UaiPrincipal));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("RoleAssignmentUpdateNotPermitted", reply.ErrorCode);
    }

    [Fact]
    public async Task Drift_RoleAssignmentDeletedThroughState_IsGoneAndNotJournalled()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var path = TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString());
        var created = await client.PutAsync(path, TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal));
        var before = host.Journal.Entries.Count;

        Assert.True(host.State.DeleteRoleAssignment(created.Body!["id"]!.GetValue<string>()));

        Assert.Equal(before, host.Journal.Entries.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).Status);
    }
}
