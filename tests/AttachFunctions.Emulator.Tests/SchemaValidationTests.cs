using System.Net;
using System.Text.Json.Nodes;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Emulator.Tests;

/// <summary>Every compute and role assignment body the emulator sends validates against the OpenAPI schemas in ../shared/contracts/swagger.</summary>
public sealed class SchemaValidationTests
{
    // The official compute examples carry these as null although the schema does not mark them x-nullable:
    // the real service sends them so (see examples/machinelearningservices/.../Compute/get/KubernetesCompute.json).
    private static readonly HashSet<string> SentAsNullByTheService = new(StringComparer.Ordinal) { "vcName", "nvidia.com/gpu" };

    private static string MachineLearning => SharedContracts.File("swagger", "specification", "machinelearningservices", "resource-manager",
        "Microsoft.MachineLearningServices", "stable", "2025-12-01", "machineLearningServices.json");

    private static string Authorization => SharedContracts.File("swagger", "specification", "authorization", "resource-manager",
        "Microsoft.Authorization", "stable", "2022-04-01", "authorization-RoleAssignmentsCalls.json");

    private static string CommonTypes => SharedContracts.File("swagger", "specification", "common-types", "resource-management", "v3", "types.json");

    private static void AssertValid(JsonNode? body, string document, string definition)
    {
        var errors = new OpenApiValidator(SentAsNullByTheService).Validate(body, document, definition);
        Assert.True(errors.Count == 0, $"{definition}: {string.Join("; ", errors)}\n{body?.ToJsonString()}");
    }

    [Fact]
    public async Task ComputeBodies_AttachLifecycle_ValidateAgainstComputeResourceSchema()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var owned = host;
        using var client = new ArmTestClient(host);
        var bodies = new List<JsonNode?>();

        var created = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "sys"), TestWorld.AttachBody(TestWorld.AksEntra));
        var userAssigned = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "uai"), TestWorld.AttachBody(TestWorld.AksEntra, "UserAssigned"));
        var failing = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "noext"), TestWorld.AttachBody(TestWorld.AksNoExtension, "None"));
        bodies.AddRange([created.Body, userAssigned.Body, failing.Body]);
        time.Advance(TimeSpan.FromSeconds(5));
        var succeeded = await client.GetAsync(TestWorld.ComputePath(TestWorld.WsSystem, "sys"));
        var failed = await client.GetAsync(TestWorld.ComputePath(TestWorld.WsSystem, "noext"));
        bodies.AddRange([succeeded.Body, (await client.GetAsync(TestWorld.ComputePath(TestWorld.WsSystem, "uai"))).Body, failed.Body]);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("Failed", failed.Body!["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.NotEmpty(failed.Body!["properties"]!["provisioningErrors"]!.AsArray());
        foreach (var body in bodies)
        {
            AssertValid(body, MachineLearning, "ComputeResource");
        }

        var list = await client.GetAsync($"{TestWorld.WsSystem}/computes?api-version=2025-12-01");
        AssertValid(list.Body, MachineLearning, "PaginatedComputeResourcesList");
        var error = await client.DeleteAsync(TestWorld.ComputePath(TestWorld.WsSystem, "sys"));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        AssertValid(error.Body, CommonTypes, "ErrorResponse");
    }

    [Fact]
    public async Task RoleAssignmentBodies_CreateGetListDelete_ValidateAgainstRoleAssignmentSchema()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        var name = Guid.NewGuid().ToString();
        var path = TestWorld.RoleAssignmentPath(TestWorld.AksEntra, name);

        var created = await client.PutAsync(path, TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, TestWorld.ExistingPrincipal));
        var read = await client.GetAsync(path);
        var list = await client.GetAsync($"{TestWorld.AksEntra}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()");
        var deleted = await client.DeleteAsync(path);
        var conflict = await client.PutAsync(path, TestWorld.RoleAssignmentBody(EmulatorIds.ReaderRole, "00000000-0000-0000-0000-00000000dead"));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        AssertValid(created.Body, Authorization, "RoleAssignment");
        AssertValid(read.Body, Authorization, "RoleAssignment");
        AssertValid(list.Body, Authorization, "RoleAssignmentListResult");
        Assert.NotEmpty(list.Body!["value"]!.AsArray());
        AssertValid(deleted.Body, Authorization, "RoleAssignment");
        AssertValid(conflict.Body, CommonTypes, "ErrorResponse");
    }

    [Fact]
    public async Task ComputeBodies_OfficialExampleWithInstanceTypes_ValidateAgainstComputeResourceSchema()
    {
        var example = JsonNode.Parse(File.ReadAllText(SharedContracts.File("examples", "machinelearningservices", "stable", "2025-12-01", "Compute", "createOrUpdate", "KubernetesCompute.json")))!;
        var body = example["parameters"]!["parameters"]!.DeepClone();
        body["properties"]!["resourceId"] = TestWorld.AksEntra;
        await using var host = await TestHost.StartAsync(TestWorld.Scenario(new KnobsSpec { LroSeconds = 0 }));
        using var client = new ArmTestClient(host);

        var put = await client.PutAsync(TestWorld.ComputePath(TestWorld.WsSystem, "typed"), body.ToJsonString());
        var get = await client.GetAsync(TestWorld.ComputePath(TestWorld.WsSystem, "typed"));

        Assert.Equal(HttpStatusCode.Created, put.Status);
        Assert.NotNull(get.Body!["properties"]!["properties"]!["instanceTypes"]);
        AssertValid(put.Body, MachineLearning, "ComputeResource");
        AssertValid(get.Body, MachineLearning, "ComputeResource");
    }

    [Fact]
    public void Validator_BrokenComputeBodies_AreRejected()
    {
        var good = JsonNode.Parse("""
            {"id":"/x","type":"Microsoft.MachineLearningServices/workspaces/computes","name":"c","location":"eastus",
             "properties":{"computeType":"Kubernetes","resourceId":"/y","provisioningState":"Succeeded","isAttachedCompute":true,
               "createdOn":"2021-04-01T22:00:00.0000000+00:00","properties":{"namespace":"default","vcName":null}}}
            """)!;
        var validator = new OpenApiValidator(SentAsNullByTheService);
        Assert.Empty(validator.Validate(good, MachineLearning, "ComputeResource"));

        var missingRequired = good.DeepClone();
        missingRequired["properties"]!.AsObject().Remove("computeType");
        var wrongType = good.DeepClone();
        wrongType["properties"]!["isAttachedCompute"] = "yes";
        var unknownField = good.DeepClone();
        unknownField["properties"]!["properties"]!["colour"] = "blue";
        var badEnum = good.DeepClone();
        badEnum["properties"]!["provisioningState"] = "Happy";
        var badDate = good.DeepClone();
        badDate["properties"]!["createdOn"] = "yesterday";
        var nullNotAllowed = good.DeepClone();
        nullNotAllowed["properties"]!["properties"]!["namespace"] = null;

        Assert.Contains(validator.Validate(missingRequired, MachineLearning, "ComputeResource"), e => e.Contains("computeType", StringComparison.Ordinal));
        Assert.Contains(validator.Validate(wrongType, MachineLearning, "ComputeResource"), e => e.Contains("isAttachedCompute", StringComparison.Ordinal));
        Assert.Contains(validator.Validate(unknownField, MachineLearning, "ComputeResource"), e => e.Contains("colour", StringComparison.Ordinal));
        Assert.Contains(validator.Validate(badEnum, MachineLearning, "ComputeResource"), e => e.Contains("Happy", StringComparison.Ordinal));
        Assert.Contains(validator.Validate(badDate, MachineLearning, "ComputeResource"), e => e.Contains("createdOn", StringComparison.Ordinal));
        Assert.Contains(validator.Validate(nullNotAllowed, MachineLearning, "ComputeResource"), e => e.Contains("namespace", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_BrokenRoleAssignmentBodies_AreRejected()
    {
        var good = JsonNode.Parse("""
            {"properties":{"roleDefinitionId":"/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
              "principalId":"ce2ce14e-85d7-4629-bdbc-454d0519d987","principalType":"ServicePrincipal","scope":"/subscriptions/s"},
             "id":"/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/n","type":"Microsoft.Authorization/roleAssignments","name":"n"}
            """)!;
        var validator = new OpenApiValidator();
        Assert.Empty(validator.Validate(good, Authorization, "RoleAssignment"));

        var missingPrincipal = good.DeepClone();
        missingPrincipal["properties"]!.AsObject().Remove("principalId");
        var badType = good.DeepClone();
        badType["properties"]!["principalType"] = "Robot";
        var numberName = good.DeepClone();
        numberName["name"] = 42;

        Assert.NotEmpty(validator.Validate(missingPrincipal, Authorization, "RoleAssignment"));
        Assert.NotEmpty(validator.Validate(badType, Authorization, "RoleAssignment"));
        Assert.NotEmpty(validator.Validate(numberName, Authorization, "RoleAssignment"));
    }
}
