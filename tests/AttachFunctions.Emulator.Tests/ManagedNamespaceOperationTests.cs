using System.Net;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// AKS managed namespaces are long-running on both writes (azure-rest-api-specs <c>aks/ManagedNamespace.tsp</c> and its
/// examples <c>ManagedNamespacesCreate_Update.json</c>, <c>ManagedNamespacesDelete.json</c>): PUT answers 201 (or 200)
/// with <c>provisioningState: Updating</c> and an operation to poll, which can end Failed with an error; DELETE answers
/// 202 with <c>Azure-AsyncOperation</c>, <c>Location</c> and <c>Retry-After</c>, and the resource is <c>Deleting</c> until gone.
/// </summary>
public sealed class ManagedNamespaceOperationTests
{
    private const string Body = """{"location":"westeurope","properties":{"labels":{"team":"x"},"adoptionPolicy":"Never","deletePolicy":"Delete"}}""";

    private static string PathOf(string name) => $"{TestWorld.AksEntra}/managedNamespaces/{name}?api-version=2026-01-01";

    [Fact]
    public async Task Put_Answers201Updating_WithAnOperationToPoll_AndTheNamespaceAppearsOnlyWhenItSucceeds()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var _ = host;
        using var client = new ArmTestClient(host);

        var created = await client.PutAsync(PathOf("team-x"), Body);
        var operationUrl = created.Header("Azure-AsyncOperation");
        var whileRunning = await client.GetAsync(operationUrl!);
        var resourceWhileRunning = await client.GetAsync(PathOf("team-x"));
        var namespacesWhileRunning = host.State.Namespaces(TestWorld.AksEntra).Select(n => n.Name).ToList();
        time.Advance(host.Knobs.ManagedNamespaceDuration + TimeSpan.FromSeconds(1));
        var ended = await client.GetAsync(operationUrl!);
        var resource = await client.GetAsync(PathOf("team-x"));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("Updating", created.Body!["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.Contains("/providers/Microsoft.ContainerService/locations/", operationUrl, StringComparison.Ordinal);
        Assert.NotNull(created.Header("Retry-After"));
        Assert.Equal("InProgress", whileRunning.Body!["status"]!.GetValue<string>());
        Assert.Equal("Updating", resourceWhileRunning.Body!["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.DoesNotContain("team-x", namespacesWhileRunning);
        Assert.Equal("Succeeded", ended.Body!["status"]!.GetValue<string>());
        Assert.NotNull(ended.Body["endTime"]);
        Assert.Null(ended.Body["error"]);
        Assert.Equal("Succeeded", resource.Body!["properties"]!["provisioningState"]!.GetValue<string>());
        var ns = host.State.Namespaces(TestWorld.AksEntra).Single(n => n.Name == "team-x");
        Assert.Equal("true", ns.Labels["kubernetes.azure.com/managedByArm"]);
        Assert.Equal("x", ns.Labels["team"]);
    }

    [Fact]
    public async Task Put_OnANamespaceThatExistsOutsideArm_WithAdoptionNever_EndsFailedWithAnError_AndTheNamespaceIsUntouched()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var _ = host;
        using var client = new ArmTestClient(host);
        host.State.CreateNamespace(TestWorld.AksEntra, "team-y", new Dictionary<string, string> { ["owner"] = "someone-else" });

        var put = await client.PutAsync(PathOf("team-y"), Body);
        time.Advance(host.Knobs.ManagedNamespaceDuration + TimeSpan.FromSeconds(1));
        var operation = await client.GetAsync(put.Header("Azure-AsyncOperation")!);
        var resource = await client.GetAsync(PathOf("team-y"));

        // Not a synchronous 409: the refusal is learnt by polling the operation.
        Assert.Equal(HttpStatusCode.Created, put.Status);
        Assert.Equal("Failed", operation.Body!["status"]!.GetValue<string>());
        Assert.Equal(ManagedNamespaceRoutes.AdoptionRefusedCode, operation.Body["error"]!["code"]!.GetValue<string>());
        Assert.Contains("already exists", operation.Body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Failed", resource.Body!["properties"]!["provisioningState"]!.GetValue<string>());
        var ns = host.State.Namespaces(TestWorld.AksEntra).Single(n => n.Name == "team-y");
        Assert.Equal("someone-else", ns.Labels["owner"]);
        Assert.DoesNotContain("kubernetes.azure.com/managedByArm", ns.Labels.Keys);
        Assert.DoesNotContain("team", ns.Labels.Keys);
    }

    [Fact]
    public async Task Put_WithAnInjectedQuotaFailure_EndsFailedWithThatCodeAndMessage_ThenTheNextPutSucceeds()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var _ = host;
        using var client = new ArmTestClient(host);
        host.State.FailManagedNamespaceOperations(TestWorld.AksEntra, "team-z", "QuotaExceeded", "The managed cluster has reached its managed namespace quota.");

        var first = await client.PutAsync(PathOf("team-z"), Body);
        time.Advance(host.Knobs.ManagedNamespaceDuration + TimeSpan.FromSeconds(1));
        var failed = await client.GetAsync(first.Header("Azure-AsyncOperation")!);
        var afterFailure = host.State.ManagedNamespace(TestWorld.AksEntra, "team-z");
        var namespacesAfterFailure = host.State.Namespaces(TestWorld.AksEntra).Select(n => n.Name).ToList();
        var second = await client.PutAsync(PathOf("team-z"), Body);
        time.Advance(host.Knobs.ManagedNamespaceDuration + TimeSpan.FromSeconds(1));
        var succeeded = await client.GetAsync(second.Header("Azure-AsyncOperation")!);

        Assert.Equal("Failed", failed.Body!["status"]!.GetValue<string>());
        Assert.Equal("QuotaExceeded", failed.Body["error"]!["code"]!.GetValue<string>());
        Assert.Equal("The managed cluster has reached its managed namespace quota.", failed.Body["error"]!["message"]!.GetValue<string>());
        Assert.Equal("Failed", afterFailure!.ProvisioningState);
        Assert.DoesNotContain("team-z", namespacesAfterFailure);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("Succeeded", succeeded.Body!["status"]!.GetValue<string>());
        Assert.Contains(host.State.Namespaces(TestWorld.AksEntra), n => n.Name == "team-z");
    }

    [Fact]
    public async Task Delete_Answers202WithOperationHeaders_StaysDeleting_RefusesAPut_ThenIsGone()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var _ = host;
        using var client = new ArmTestClient(host);
        await client.PutAsync(PathOf("team-x"), Body);
        time.Advance(host.Knobs.ManagedNamespaceDuration + TimeSpan.FromSeconds(1));

        var deleted = await client.DeleteAsync(PathOf("team-x"));
        var whileDeleting = await client.GetAsync(PathOf("team-x"));
        var putWhileDeleting = await client.PutAsync(PathOf("team-x"), Body);
        time.Advance(host.Knobs.ManagedNamespaceDuration + TimeSpan.FromSeconds(1));
        var operation = await client.GetAsync(deleted.Header("Location")!);
        var gone = await client.GetAsync(PathOf("team-x"));
        var again = await client.DeleteAsync(PathOf("team-x"));

        Assert.Equal(HttpStatusCode.Accepted, deleted.Status);
        Assert.NotNull(deleted.Header("Azure-AsyncOperation"));
        Assert.NotNull(deleted.Header("Retry-After"));
        Assert.Contains("/providers/Microsoft.ContainerService/locations/", deleted.Header("Location"), StringComparison.Ordinal);
        Assert.Equal("Deleting", whileDeleting.Body!["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, putWhileDeleting.Status);
        Assert.Equal("OperationNotAllowed", putWhileDeleting.ErrorCode);
        Assert.Equal("Succeeded", operation.Body!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(HttpStatusCode.NoContent, again.Status);
        Assert.Equal("Terminating", host.State.Namespaces(TestWorld.AksEntra).Single(n => n.Name == "team-x").Phase);
    }

    [Fact]
    public async Task Delete_WithAnInjectedFailure_EndsFailed_AndTheResourceStaysFailed()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var _ = host;
        using var client = new ArmTestClient(host);
        await client.PutAsync(PathOf("team-x"), Body);
        time.Advance(host.Knobs.ManagedNamespaceDuration + TimeSpan.FromSeconds(1));
        host.State.FailManagedNamespaceOperations(TestWorld.AksEntra, "team-x", "OperationNotAllowed", "Managed namespaces cannot be deleted while the managed cluster is not running.");

        var deleted = await client.DeleteAsync(PathOf("team-x"));
        time.Advance(host.Knobs.ManagedNamespaceDuration + TimeSpan.FromSeconds(1));
        var operation = await client.GetAsync(deleted.Header("Azure-AsyncOperation")!);
        var resource = await client.GetAsync(PathOf("team-x"));

        Assert.Equal("Failed", operation.Body!["status"]!.GetValue<string>());
        Assert.Equal("OperationNotAllowed", operation.Body["error"]!["code"]!.GetValue<string>());
        Assert.Equal("Failed", resource.Body!["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.Equal("Active", host.State.Namespaces(TestWorld.AksEntra).Single(n => n.Name == "team-x").Phase);
    }

    [Fact]
    public async Task List_ShowsEachResourcesOwnProvisioningState()
    {
        var (host, time) = await TestHost.StartFakeAsync(TestWorld.Scenario());
        await using var _ = host;
        using var client = new ArmTestClient(host);
        await client.PutAsync(PathOf("team-a"), Body);
        time.Advance(host.Knobs.ManagedNamespaceDuration + TimeSpan.FromSeconds(1));
        await client.PutAsync(PathOf("team-b"), Body);

        var list = await client.GetAsync($"{TestWorld.AksEntra}/managedNamespaces?api-version=2026-01-01");

        var states = list.Body!["value"]!.AsArray().ToDictionary(
            v => v!["name"]!.GetValue<string>(), v => v!["properties"]!["provisioningState"]!.GetValue<string>());
        Assert.Equal("Succeeded", states["team-a"]);
        Assert.Equal("Updating", states["team-b"]);
    }
}
