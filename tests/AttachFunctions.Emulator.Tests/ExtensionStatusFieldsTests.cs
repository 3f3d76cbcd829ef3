using System.Net;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// The read-only status fields of an extension as the KubernetesConfiguration Extension schema defines them:
/// currentVersion (installed version, null until installed), statuses, and errorInfo (code, message) while Failed.
/// </summary>
public sealed class ExtensionStatusFieldsTests
{
    private static string ExtensionPath(string cluster, string name) =>
        $"{cluster}/providers/Microsoft.KubernetesConfiguration/extensions/{name}?api-version=2025-03-01";

    [Fact]
    public async Task FailedExtension_CarriesErrorInfoCodeAndMessage_AndNoCurrentVersion()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);
        host.State.SetExtensionState(TestWorld.AksEntra, "azureml", "Failed");

        var reply = await client.GetAsync(ExtensionPath(TestWorld.AksEntra, "azureml"));
        var list = await client.GetAsync($"{TestWorld.AksEntra}/providers/Microsoft.KubernetesConfiguration/extensions?api-version=2025-03-01");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var properties = reply.Body!["properties"]!;
        Assert.Equal("Failed", properties["provisioningState"]!.GetValue<string>());
        Assert.Equal("ExtensionOperationFailed", properties["errorInfo"]!["code"]!.GetValue<string>());
        Assert.Contains("pod healthcheck failed", properties["errorInfo"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(properties["currentVersion"]);
        Assert.IsType<JsonArray>(properties["statuses"]);
        Assert.Equal("ExtensionOperationFailed", list.Body!["value"]![0]!["properties"]!["errorInfo"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailedExtension_FromScenario_CarriesTheScenariosErrorInfo()
    {
        var world = TestWorld.Scenario();
        var scenario = world with
        {
            Clusters = [.. world.Clusters, new ClusterSpec
            {
                SubscriptionId = TestWorld.Sub, ResourceGroup = "rg-aks", Name = "aks-failed",
                Extensions = [new ExtensionSpec { Name = "azureml", ProvisioningState = "Failed", ErrorCode = "HelmUpgradeFailed", ErrorMessage = "Helm upgrade failed: timed out" }],
            }],
        };
        await using var host = await TestHost.StartAsync(scenario);
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync(ExtensionPath(EmulatorIds.ManagedCluster(TestWorld.Sub, "rg-aks", "aks-failed"), "azureml"));

        Assert.Equal("HelmUpgradeFailed", reply.Body!["properties"]!["errorInfo"]!["code"]!.GetValue<string>());
        Assert.Equal("Helm upgrade failed: timed out", reply.Body!["properties"]!["errorInfo"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task SucceededExtension_HasCurrentVersionAndStatuses_AndNoErrorInfo()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var client = new ArmTestClient(host);

        var reply = await client.GetAsync(ExtensionPath(TestWorld.AksEntra, "azureml"));

        var properties = reply.Body!["properties"]!.AsObject();
        Assert.Equal(properties["version"]!.GetValue<string>(), properties["currentVersion"]!.GetValue<string>());
        Assert.IsType<JsonArray>(properties["statuses"]);
        Assert.False(properties.ContainsKey("errorInfo"));
    }
}
