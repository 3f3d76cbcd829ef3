using System.Net;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// Role assignments as Azure answers them: a scope that does not exist is 404 with ARM's code, a name is unique across
/// the tenant (reused at another scope: 400 RoleAssignmentUpdateNotPermitted), and roleDefinitionId comes back
/// subscription-qualified.
/// </summary>
public sealed class RoleAssignmentScopeAndNameTests
{
    private static readonly string MissingStorage = $"{EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-ml")}/providers/Microsoft.Storage/storageAccounts/stgone";
    private static readonly string MissingGroup = EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-gone");
    private const string MissingSubscription = "/subscriptions/99999999-9999-9999-9999-999999999999";

    public static TheoryData<string, string> MissingScopes => new()
    {
        { MissingStorage, "ResourceNotFound" },
        { MissingStorage + "/blobServices/default/containers/data", "ResourceNotFound" },
        { MissingGroup, "ResourceGroupNotFound" },
        { MissingSubscription, "SubscriptionNotFound" },
    };

    [Theory]
    [MemberData(nameof(MissingScopes))]
    public async Task Put_AtScopeThatDoesNotExist_Is404WithArmCode_AndNothingIsCreated(string scope, string code)
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var before = host.State.RoleAssignments().Count;

        var put = await client.PutAsync(TestWorld.RoleAssignmentPath(scope, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal));
        var list = await client.GetAsync($"{scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()");

        Assert.Equal(HttpStatusCode.NotFound, put.Status);
        Assert.Equal(code, put.ErrorCode);
        Assert.False(string.IsNullOrEmpty(put.Body!["error"]!["message"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, list.Status);
        Assert.Equal(code, list.ErrorCode);
        Assert.Equal(before, host.State.RoleAssignments().Count);
    }

    [Fact]
    public async Task Put_AtExistingResourceOfATypeTheEmulatorDoesNotModel_IsAccepted()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var scope = $"{EmulatorIds.ResourceGroup(TestWorld.Sub, "rg-ml")}/providers/Microsoft.DocumentDb/databaseAccounts/db-1";

        var put = await client.PutAsync(TestWorld.RoleAssignmentPath(scope, Guid.NewGuid().ToString()), TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal));

        Assert.Equal(HttpStatusCode.Created, put.Status);
    }

    [Fact]
    public async Task Put_NameInUseAtAnotherScope_Is400UpdateNotPermitted_AndNothingChanges()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var name = Guid.NewGuid().ToString();
        var body = TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal);
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(TestWorld.RoleAssignmentPath(TestWorld.AksEntra, name), body)).Status);

        var elsewhere = await client.PutAsync(TestWorld.RoleAssignmentPath(TestWorld.AksLocal, name), body);

        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.Status);
        Assert.Equal("RoleAssignmentUpdateNotPermitted", elsewhere.ErrorCode);
        Assert.Equal("Tenant ID, application ID, principal ID, and scope are not allowed to be updated.", elsewhere.Body!["error"]!["message"]!.GetValue<string>());
        var held = Assert.Single(host.State.RoleAssignments(TestWorld.ExistingPrincipal));
        Assert.Equal(TestWorld.AksEntra, held.Scope, ignoreCase: true);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(TestWorld.RoleAssignmentPath(TestWorld.AksLocal, name))).Status);
    }

    [Fact]
    public async Task Put_SameNameSameContentAgain_Is200()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var path = TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString());
        var body = TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal);

        var created = await client.PutAsync(path, body);
        var again = await client.PutAsync(path, body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
    }

    [Fact]
    public async Task Answers_RoleDefinitionId_IsSubscriptionQualified()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var path = TestWorld.RoleAssignmentPath(TestWorld.AksEntra, Guid.NewGuid().ToString());

        var created = await client.PutAsync(path, TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal));
        var read = await client.GetAsync(path);
        var list = await client.GetAsync($"{TestWorld.AksEntra}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()");

        var expected = EmulatorIds.RoleDefinition(TestWorld.Sub, EmulatorIds.ReaderRole);
        Assert.Equal(expected, created.Body!["properties"]!["roleDefinitionId"]!.GetValue<string>());
        Assert.Equal(expected, read.Body!["properties"]!["roleDefinitionId"]!.GetValue<string>());
        Assert.All(list.Body!["value"]!.AsArray(), a => Assert.StartsWith($"/subscriptions/{TestWorld.Sub}/providers/Microsoft.Authorization/roleDefinitions/", a!["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal));
    }
}
