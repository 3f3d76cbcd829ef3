using System.Net;
using System.Text;
using static AttachFunctions.Emulator.Tests.KubernetesRbacBehaviourTests;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// Behaviour 8 (Kubernetes part): a Terminating namespace deleted again is 409 Conflict (kubernetes
/// pkg/registry/core/namespace/storage/storage.go), and an invalid label value is 422 Invalid naming metadata.labels
/// (k8s.io/apimachinery validation IsValidLabelValue).
/// </summary>
public sealed class NamespaceConflictAndLabelValidationTests
{
    [Fact]
    public async Task Delete_OfATerminatingNamespace_Is409Conflict_WithAStatusBody()
    {
        var (host, _) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var _h = host;
        using var http = KubernetesRbacBehaviourTests.Client(host, AksToken(TestWorld.Caller));
        var ct = TestContext.Current.CancellationToken;
        using var created = await http.PostAsync(Namespaces(host), Body("team-x"), ct);

        using var first = await http.DeleteAsync(Namespaces(host) + "/team-x", ct);
        using var second = await http.DeleteAsync(Namespaces(host) + "/team-x", ct);
        var status = await Status(second);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("Conflict", status["reason"]!.GetValue<string>());
        Assert.Equal(409, status["code"]!.GetValue<int>());
        Assert.StartsWith("Operation cannot be fulfilled on namespaces \"team-x\": The system is ensuring all content is removed from this namespace.", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("team-x", status["details"]!["name"]!.GetValue<string>());
        Assert.Contains(host.State.Namespaces(TestWorld.AksEntra), n => n.Name == "team-x" && n.Phase == "Terminating");
    }

    [Theory]
    [InlineData("team a")]
    [InlineData("-team")]
    [InlineData("vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv")]
    public async Task Create_WithAnInvalidLabelValue_Is422Invalid_NamingTheField_AndNothingIsCreated(string value)
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var http = KubernetesRbacBehaviourTests.Client(host, AksToken(TestWorld.Caller));

        using var response = await http.PostAsync(Namespaces(host), Body("team-x", $"{{\"team\":\"{value}\"}}"), TestContext.Current.CancellationToken);
        var status = await Status(response);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.StartsWith($"Namespace \"team-x\" is invalid: metadata.labels: Invalid value: \"{value}\"", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("metadata.labels", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("FieldValueInvalid", status["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
        Assert.DoesNotContain(host.State.Namespaces(TestWorld.AksEntra), n => n.Name == "team-x");
    }

    [Fact]
    public async Task Patch_WithAnInvalidLabelValue_Is422Invalid_AndTheLabelsAreUnchanged()
    {
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        using var http = KubernetesRbacBehaviourTests.Client(host, AksToken(TestWorld.Caller));
        var ct = TestContext.Current.CancellationToken;
        using var created = await http.PostAsync(Namespaces(host), Body("team-x", "{\"team\":\"x\"}"), ct);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, Namespaces(host) + "/team-x")
        {
            Content = new StringContent("{\"metadata\":{\"labels\":{\"team\":\"not valid!\"}}}", Encoding.UTF8, "application/merge-patch+json"),
        };

        using var response = await http.SendAsync(patch, ct);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("Invalid", (await Status(response))["reason"]!.GetValue<string>());
        Assert.Equal("x", host.State.Namespaces(TestWorld.AksEntra).Single(n => n.Name == "team-x").Labels["team"]);
    }
}
