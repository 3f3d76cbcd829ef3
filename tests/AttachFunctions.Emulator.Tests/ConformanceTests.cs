using System.Net;
using System.Text.Json.Nodes;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// The emulator answers each official example request (read from ../shared/contracts/examples at test time) with the
/// example's status code and a body of the same shape. The world is seeded with the example's own identifiers.
/// </summary>
public sealed class ConformanceTests
{
    private const string ComputeTemplate = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/computes/{computeName}?api-version={api-version}";
    private const string RoleAssignmentTemplate = "/{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}?api-version={api-version}";
    private const string ExtensionsTemplate = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{clusterRp}/{clusterResourceName}/{clusterName}/providers/Microsoft.KubernetesConfiguration/extensions";

    private static JsonObject Example(params string[] parts) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(SharedContracts.File(["examples", .. parts])))!;

    private static string Fill(string template, JsonObject parameters)
    {
        foreach (var (key, value) in parameters)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                template = template.Replace("{" + key + "}", text, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain("{", template, StringComparison.Ordinal);
        return template;
    }

    private static EmulatorScenario ComputeWorld(bool withCompute)
    {
        const string sub = "34adfa4f-cedf-4dc0-ba29-b6d1a69ab345";
        return new EmulatorScenario
        {
            Subscriptions = [new SubscriptionSpec { Id = sub }],
            Clusters = [new ClusterSpec { SubscriptionId = sub, ResourceGroup = "testrg123", Name = "compute123-56826-c9b00420020b2", Location = "eastus", Extensions = [new ExtensionSpec { Name = "azureml" }] }],
            Workspaces =
            [
                new WorkspaceSpec
                {
                    SubscriptionId = sub, ResourceGroup = "testrg123", Name = "workspaces123", Location = "eastus",
                    Computes = withCompute
                        ? [new ComputeSpec { Name = "compute123", Description = "some compute", ResourceId = $"/subscriptions/{sub}/resourcegroups/testrg123/providers/Microsoft.ContainerService/managedClusters/compute123-56826-c9b00420020b2", IdentityType = "None" }]
                        : [],
                },
            ],
            Knobs = new KnobsSpec { LroSeconds = 0, DetachSeconds = 1 },
        };
    }

    private static EmulatorScenario RoleAssignmentWorld() => new()
    {
        Subscriptions = [new SubscriptionSpec { Id = "a925f2f7-5c63-4b7b-8799-25a5f97bc3b2", ResourceGroups = [new ResourceGroupSpec { Name = "testrg" }] }],
        Principals = [new PrincipalSpec { Id = "ce2ce14e-85d7-4629-bdbc-454d0519d987", Type = "User" }],
        RoleAssignments =
        [
            new RoleAssignmentSpec
            {
                Scope = "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2", Name = "b0f43c54-e787-4862-89b1-a653fa9cf747",
                RoleDefinitionId = "0b5fe924-9a61-425c-96af-cfe6e287ca2d", PrincipalId = "ce2ce14e-85d7-4629-bdbc-454d0519d987", PrincipalType = "User",
            },
        ],
    };

    private static EmulatorScenario ExtensionWorld() => new()
    {
        Subscriptions = [new SubscriptionSpec { Id = "subId1" }],
        Clusters =
        [
            new ClusterSpec
            {
                Kind = ClusterKind.Arc, SubscriptionId = "subId1", ResourceGroup = "rg1", Name = "clusterName1",
                Extensions = [new ExtensionSpec { Name = "ClusterMonitor", ExtensionType = "azuremonitor-containers", Version = "0.1.4", ReleaseTrain = "Preview", ReleaseNamespace = "kube-system" }],
            },
        ],
    };

    [Fact]
    public async Task ComputeCreate_OfficialExample_Answers201ThenOverwrite200WithExampleShape()
    {
        var example = Example("machinelearningservices", "stable", "2025-12-01", "Compute", "createOrUpdate", "KubernetesCompute.json");
        var parameters = (JsonObject)example["parameters"]!;
        await using var host = await TestHost.StartAsync(ComputeWorld(withCompute: false));
        using var client = new ArmTestClient(host);
        var path = Fill(ComputeTemplate, parameters);
        var body = parameters["parameters"]!.ToJsonString();

        var created = await client.PutAsync(path, body);
        var overwritten = await client.PutAsync(path, body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        ShapeAssert.SameShape(example["responses"]!["201"]!["body"], created.Body);
        Assert.NotNull(created.Header("Azure-AsyncOperation"));
        Assert.Equal(HttpStatusCode.OK, overwritten.Status);
        ShapeAssert.SameShape(example["responses"]!["200"]!["body"], overwritten.Body);
    }

    [Fact]
    public async Task ComputeGet_OfficialExample_Answers200WithExampleShape()
    {
        // The example's compute was attached with instance types: attach it with the create example's body first.
        var example = Example("machinelearningservices", "stable", "2025-12-01", "Compute", "get", "KubernetesCompute.json");
        var create = Example("machinelearningservices", "stable", "2025-12-01", "Compute", "createOrUpdate", "KubernetesCompute.json");
        await using var host = await TestHost.StartAsync(ComputeWorld(withCompute: false));
        using var client = new ArmTestClient(host);
        var path = Fill(ComputeTemplate, (JsonObject)example["parameters"]!);
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(path, create["parameters"]!["parameters"]!.ToJsonString())).Status);

        var reply = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        ShapeAssert.SameShape(example["responses"]!["200"]!["body"], reply.Body);
    }

    [Fact]
    public async Task ComputeDelete_OfficialExample_Answers202WithHeadersThen204()
    {
        var example = Example("machinelearningservices", "stable", "2025-12-01", "Compute", "delete.json");
        var responses = (JsonObject)example["responses"]!;
        await using var host = await TestHost.StartAsync(ComputeWorld(withCompute: true));
        using var client = new ArmTestClient(host);
        var path = Fill(ComputeTemplate + "&underlyingResourceAction={underlyingResourceAction}", (JsonObject)example["parameters"]!);

        var accepted = await client.DeleteAsync(path);
        host.State.DeleteCompute(EmulatorIds.Workspace("34adfa4f-cedf-4dc0-ba29-b6d1a69ab345", "testrg123", "workspaces123"), "compute123");
        var gone = await client.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        foreach (var (header, _) in (JsonObject)responses["202"]!["headers"]!)
        {
            Assert.NotNull(accepted.Header(header));
        }

        Assert.Equal(HttpStatusCode.NoContent, gone.Status);
        Assert.True(responses.ContainsKey("204"));
        Assert.Null(gone.Body);
    }

    [Fact]
    public async Task RoleAssignmentCreate_OfficialExample_Answers201ThenSameContent200WithExampleShape()
    {
        var example = Example("authorization", "stable", "2022-04-01", "RoleAssignments_CreateForResource.json");
        var parameters = (JsonObject)example["parameters"]!;
        await using var host = await TestHost.StartAsync(RoleAssignmentWorld());
        using var client = new ArmTestClient(host);
        var path = Fill(RoleAssignmentTemplate, parameters);

        var created = await client.PutAsync(path, parameters["parameters"]!.ToJsonString());
        var again = await client.PutAsync(path, parameters["parameters"]!.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, created.Status);
        ShapeAssert.SameShape(example["responses"]!["201"]!["body"], created.Body);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        ShapeAssert.SameShape(example["responses"]!["200"]!["body"], again.Body);
    }

    [Fact]
    public async Task RoleAssignmentGet_OfficialExample_Answers200WithExampleShape()
    {
        var example = Example("authorization", "stable", "2022-04-01", "RoleAssignments_Get.json");
        await using var host = await TestHost.StartAsync(RoleAssignmentWorld());
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync(Fill(RoleAssignmentTemplate, (JsonObject)example["parameters"]!));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        ShapeAssert.SameShape(example["responses"]!["200"]!["body"], reply.Body);
    }

    [Fact]
    public async Task RoleAssignmentList_OfficialExample_Answers200WithExampleShape()
    {
        var example = Example("authorization", "stable", "2022-04-01", "RoleAssignments_ListForScope.json");
        await using var host = await TestHost.StartAsync(RoleAssignmentWorld());
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync(Fill("/{scope}/providers/Microsoft.Authorization/roleAssignments?api-version={api-version}", (JsonObject)example["parameters"]!));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        ShapeAssert.SameShape(example["responses"]!["200"]!["body"], reply.Body);
    }

    [Fact]
    public async Task RoleAssignmentDelete_OfficialExample_Answers200WithBodyThen204()
    {
        var example = Example("authorization", "stable", "2022-04-01", "RoleAssignments_Delete.json");
        await using var host = await TestHost.StartAsync(RoleAssignmentWorld());
        using var client = new ArmTestClient(host);
        var path = Fill(RoleAssignmentTemplate, (JsonObject)example["parameters"]!);

        var deleted = await client.DeleteAsync(path);
        var absent = await client.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        ShapeAssert.SameShape(example["responses"]!["200"]!["body"], deleted.Body);
        Assert.Equal(HttpStatusCode.NoContent, absent.Status);
        Assert.True(((JsonObject)example["responses"]!).ContainsKey("204"));
    }

    [Fact]
    public async Task ExtensionGet_OfficialExample_Answers200WithExampleShape()
    {
        var example = Example("kubernetesconfiguration", "extensions", "stable", "2025-03-01", "GetExtension.json");
        await using var host = await TestHost.StartAsync(ExtensionWorld());
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync(Fill(ExtensionsTemplate + "/{extensionName}?api-version={api-version}", (JsonObject)example["parameters"]!));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        ShapeAssert.SameShape(example["responses"]!["200"]!["body"], reply.Body);
    }

    [Fact]
    public async Task ExtensionList_OfficialExample_Answers200WithExampleShape()
    {
        var example = Example("kubernetesconfiguration", "extensions", "stable", "2025-03-01", "ListExtensions.json");
        await using var host = await TestHost.StartAsync(ExtensionWorld());
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync(Fill(ExtensionsTemplate + "?api-version={api-version}", (JsonObject)example["parameters"]!));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        ShapeAssert.SameShape(example["responses"]!["200"]!["body"], reply.Body);
    }

    private const string ManagedNamespaceTemplate = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}/managedNamespaces";

    private static EmulatorScenario AksWorld() => new()
    {
        Subscriptions = [new SubscriptionSpec { Id = "00000000-0000-0000-0000-000000000000" }],
        Clusters =
        [
            new ClusterSpec { SubscriptionId = "00000000-0000-0000-0000-000000000000", ResourceGroup = "rg1", Name = "clustername1", Location = "eastus2" },
            new ClusterSpec { Kind = ClusterKind.Arc, SubscriptionId = "00000000-0000-0000-0000-000000000000", ResourceGroup = "rg1", Name = "arc1" },
        ],
    };

    [Fact]
    public async Task ManagedNamespaceLifecycle_OfficialExamples_AnswerExampleStatusesAndShapes()
    {
        var put = Example("more", "aks-2026-01-01_ManagedNamespacesCreate_Update.json");
        var get = Example("more", "aks-2026-01-01_ManagedNamespacesGet.json");
        var list = Example("more", "aks-2026-01-01_ManagedNamespacesList.json");
        var delete = Example("more", "aks-2026-01-01_ManagedNamespacesDelete.json");
        await using var host = await TestHost.StartAsync(AksWorld());
        // The example's 204 follows a delete that has ended: let operations end at once.
        host.Knobs.ManagedNamespaceDuration = TimeSpan.Zero;
        using var client = new ArmTestClient(host);
        var path = Fill(ManagedNamespaceTemplate + "/{managedNamespaceName}?api-version={api-version}", (JsonObject)put["parameters"]!);
        var body = put["parameters"]!["parameters"]!.ToJsonString();

        var created = await client.PutAsync(path, body);
        var updated = await client.PutAsync(path, body);
        var read = await client.GetAsync(Fill(ManagedNamespaceTemplate + "/{managedNamespaceName}?api-version={api-version}", (JsonObject)get["parameters"]!));
        var listed = await client.GetAsync(Fill(ManagedNamespaceTemplate + "?api-version={api-version}", (JsonObject)list["parameters"]!));
        var deleted = await client.DeleteAsync(Fill(ManagedNamespaceTemplate + "/{managedNamespaceName}?api-version={api-version}", (JsonObject)delete["parameters"]!));
        var absent = await client.DeleteAsync(Fill(ManagedNamespaceTemplate + "/{managedNamespaceName}?api-version={api-version}", (JsonObject)delete["parameters"]!));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        ShapeAssert.SameShape(put["responses"]!["201"]!["body"], created.Body);
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        ShapeAssert.SameShape(put["responses"]!["200"]!["body"], updated.Body);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        ShapeAssert.SameShape(get["responses"]!["200"]!["body"], read.Body);
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        ShapeAssert.SameShape(list["responses"]!["200"]!["body"], listed.Body);
        Assert.Equal(HttpStatusCode.Accepted, deleted.Status);
        Assert.NotNull(deleted.Header("location"));
        Assert.Equal(HttpStatusCode.NoContent, absent.Status);
    }

    [Fact]
    public async Task ListClusterUserCredential_OfficialExample_Answers200WithExampleShape()
    {
        var example = Example("more", "aks-2025-10-01_ManagedClustersListClusterUserCredentials.json");
        await using var host = await TestHost.StartAsync(AksWorld());
        using var client = new ArmTestClient(host);

        var reply = await client.PostAsync(Fill("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}/listClusterUserCredential?api-version={api-version}", (JsonObject)example["parameters"]!));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        ShapeAssert.SameShape(example["responses"]!["200"]!["body"], reply.Body);
    }

    [Fact]
    public async Task KeyVaultGetSecret_OfficialExample_Answers200WithExampleShape()
    {
        var example = Example("more", "keyvault-7.6_GetSecret-example.json");
        await using var host = await TestHost.StartAsync(AksWorld());
        using var client = new ArmTestClient(host, "aud=https://vault.azure.net/.default");
        var arc = EmulatorIds.ConnectedCluster("00000000-0000-0000-0000-000000000000", "rg1", "arc1");

        var reply = await client.GetAsync($"/secrets/{host.State.KeyVaultSecretName(arc)}?api-version={example["parameters"]!["api-version"]}");
        var versioned = await client.GetAsync(new Uri(reply.Body!["id"]!.GetValue<string>()) + "?api-version=7.6");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        ShapeAssert.SameShape(example["responses"]!["200"]!["body"], reply.Body);
        Assert.Equal(HttpStatusCode.OK, versioned.Status);
    }

    [Fact]
    public void ShapeAssert_MissingFieldOrWrongType_Fails()
    {
        var expected = JsonNode.Parse("""{"a":"x","b":{"c":true},"d":[{"e":1}]}""");

        Assert.ThrowsAny<Exception>(() => ShapeAssert.SameShape(expected, JsonNode.Parse("""{"a":"x","b":{},"d":[{"e":1}]}""")));
        Assert.ThrowsAny<Exception>(() => ShapeAssert.SameShape(expected, JsonNode.Parse("""{"a":1,"b":{"c":true},"d":[{"e":1}]}""")));
        Assert.ThrowsAny<Exception>(() => ShapeAssert.SameShape(expected, JsonNode.Parse("""{"a":"x","b":{"c":true},"d":[{"e":"1"}]}""")));
        ShapeAssert.SameShape(expected, JsonNode.Parse("""{"a":"y","b":{"c":false},"d":[{"e":2}],"extra":0}"""));
    }
}
