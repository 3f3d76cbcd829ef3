using System.Net;

namespace AttachFunctions.Emulator.Tests;

/// <summary>A new compute identity is a new principal that role assignments reject (PrincipalNotFound) until it has replicated.</summary>
public sealed class PrincipalReplicationTests
{
    [Fact]
    public async Task RoleAssignment_ComputeIdentityYoungerThanReplicationDelay_PrincipalNotFoundThenCreated()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "c1"), TestWorld.AttachBody(TestWorld.AksEntra));
        time.Advance(TimeSpan.FromSeconds(3));
        var principal = (await client.GetAsync(TestWorld.ComputePath(TestWorld.WsSystem, "c1"))).Body!["identity"]!["principalId"]!.GetValue<string>();
        var path = TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString());
        var body = TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, principal);

        var early = await client.PutAsync(path, body);
        time.Advance(TimeSpan.FromSeconds(6));
        var stillEarly = await client.PutAsync(path, body);
        time.Advance(TimeSpan.FromSeconds(1));
        var replicated = await client.PutAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, early.Status);
        Assert.Equal("PrincipalNotFound", early.ErrorCode);
        Assert.Contains("replication delay", early.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("PrincipalNotFound", stillEarly.ErrorCode);
        Assert.Equal(HttpStatusCode.Created, replicated.Status);
        Assert.Contains(host.State.RoleAssignments(principal), a => a.RoleDefinitionGuid == EmulatorIds.ReaderRole);
    }

    [Fact]
    public async Task RoleAssignment_UnknownPrincipal_AlwaysPrincipalNotFound()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        var path = TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString());

        time.Advance(TimeSpan.FromHours(1));
        var reply = await client.PutAsync(path, TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, Guid.NewGuid().ToString()));

        Assert.Equal("PrincipalNotFound", reply.ErrorCode);
    }

    [Fact]
    public async Task RoleAssignment_ExplicitPrincipalTypeKnobOn_AcceptedBeforeReplicationButNotWithoutType()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        host.Knobs.ExplicitPrincipalTypeSkipsReplication = true;
        var fresh = Guid.NewGuid().ToString();
        host.State.AddPrincipal(fresh, TimeSpan.FromMinutes(1));
        using var client = new ArmTestClient(host);

        var withoutType = await client.PutAsync(TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, fresh, principalType: null));
        var withType = await client.PutAsync(TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, fresh));

        Assert.Equal("PrincipalNotFound", withoutType.ErrorCode);
        Assert.Equal(HttpStatusCode.Created, withType.Status);
        Assert.False(host.State.IsPrincipalReplicated(fresh));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(host.State.IsPrincipalReplicated(fresh));
    }
}
