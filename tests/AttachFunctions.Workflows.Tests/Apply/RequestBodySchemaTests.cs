using System.Text.Json.Nodes;
using AttachFunctions.TestSupport;
using static AttachFunctions.Testing.SampleIds;
using static AttachFunctions.Workflows.Tests.Apply.Sample;

namespace AttachFunctions.Workflows.Tests.Apply;

public sealed class RequestBodySchemaTests
{
    private static string MachineLearning => SharedContracts.File("swagger", "specification", "machinelearningservices", "resource-manager",
        "Microsoft.MachineLearningServices", "stable", "2025-12-01", "machineLearningServices.json");

    private static string Authorization => SharedContracts.File("swagger", "specification", "authorization", "resource-manager",
        "Microsoft.Authorization", "stable", "2022-04-01", "authorization-RoleAssignmentsCalls.json");

    [Fact]
    public async Task Reconcile_EveryComputeAndRoleAssignmentPutBody_ValidatesAgainstTheOpenApiSchemas()
    {
        var computeSchema = MachineLearning;
        var roleSchema = Authorization;
        await using var world = await StartAsync();
        FinishExtensionInstalls(world);

        foreach (var cluster in AttachableClusters)
        {
            var report = await world.ReconcileAsync(cluster);
            Assert.True(report.Converged, report.Describe());
        }

        var validator = new OpenApiValidator();
        var entries = world.Emulator.Journal.Entries;
        var computePuts = entries.Where(e => e.Method == "PUT" && e.Path.Contains("/computes/", StringComparison.OrdinalIgnoreCase)).ToList();
        var rolePuts = entries.Where(e => e.Method == "PUT" && e.Path.Contains("/roleAssignments/", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(6, computePuts.Count);
        Assert.True(rolePuts.Count >= 12, $"only {rolePuts.Count} role assignment PUTs");

        foreach (var put in computePuts)
        {
            var errors = validator.Validate(JsonNode.Parse(put.Body!), computeSchema, "ComputeResource");
            Assert.True(errors.Count == 0, $"{put.Path}: {string.Join("; ", errors)}");
        }

        foreach (var put in rolePuts)
        {
            var body = JsonNode.Parse(put.Body!)!;
            var errors = validator.Validate(body, roleSchema, "RoleAssignmentCreateParameters");
            Assert.True(errors.Count == 0, $"{put.Path}: {string.Join("; ", errors)}");
            Assert.Equal("ServicePrincipal", body["properties"]!["principalType"]!.GetValue<string>());
        }
    }
}
