using System.Text.Json;
using AttachFunctions.Core.Policy;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Reliability.Tests;

/// <summary>
/// Reliability matrix (docs/reliability.md), scenarios D: bad input is refused with a clear error before any side effect. Every row asserts the answer
/// (status and a message naming the problem) and that the emulator's journal holds no write and no run started.
/// </summary>
public sealed class BadInputTests(SharedWorld shared) : IClassFixture<SharedWorld>
{
    private const string Aks = AksResearch;
    private const string Cluster = "Microsoft.ContainerService/managedClusters/write";
    private const string Write = "Microsoft.Resources.ResourceWriteSuccess";

    private ReliabilityWorld World => shared.World;

    /// <summary>Webhook bodies: (name, body, status, fragment of the answer or of the log line that explains it).</summary>
    public static TheoryData<string, string, int, string> BadDeliveries() => new()
    {
        { "not-json", "{ not json", 400, "not JSON" },
        { "empty-body", "", 400, "not JSON" },
        { "empty-array", "[]", 400, "empty" },
        { "number", "42", 400, "not an object/array" },
        { "array-of-numbers", "[1,2]", 400, "JSON object" },
        { "event-missing-fields", "[{\"id\":\"1\"}]", 400, "Event Grid schema" },
        { "mixed-schemas", "[{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"},{\"id\":\"2\",\"eventType\":\"t\",\"subject\":\"s\",\"dataVersion\":\"1\",\"data\":{},\"eventTime\":\"2026-11-28T10:00:00Z\"}]", 400, "mixes" },
        { "cloudevent-missing-source", "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\"}", 400, "CloudEvents" },
        { "nesting-too-deep", new string('[', 100) + new string(']', 100), 400, "not JSON" },
        { "validation-without-code", Json(Deliveries.Event("Microsoft.EventGrid.SubscriptionValidationEvent", "x/y", "/x")), 400, "validationCode" },
        { "batch-over-limit", Json(Enumerable.Range(0, 101).Select(_ => Deliveries.Event(Write, Cluster, Aks)).ToArray()), 413, "at most 100" },
        { "unknown-event-type", Json(Deliveries.Event("Contoso.Custom.Thing", Cluster, Aks)), 200, "is not handled" },
        { "irrelevant-operation", Json(Deliveries.Event(Write, "Microsoft.Storage/storageAccounts/write", Aks)), 200, "is not handled" },
        { "cluster-out-of-scope", Json(Deliveries.Event(Write, Cluster, AksPartner)), 200, "outside the policy" },
        { "subscription-not-a-guid", Json(Deliveries.Event(Write, Cluster, "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c")), 200, "resource id not understood" },
        { "wrong-provider", Json(Deliveries.Event(Write, Cluster, $"/subscriptions/{Sub1}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/c")), 200, "resource id not understood" },
        { "child-of-a-cluster", Json(Deliveries.Event(Write, Cluster, Aks + "/agentPools/np1")), 200, "resource id not understood" },
        { "path-traversal", Json(Deliveries.Event(Write, Cluster, $"/subscriptions/{Sub1}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/../../x")), 200, "resource id not understood" },
        { "very-long-id", Json(Deliveries.Event(Write, Cluster, $"/subscriptions/{Sub1}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/" + new string('c', 3000))), 400, "at most 1024 are accepted" },
        { "event-id-over-cap", Json(Deliveries.Event(Write, Cluster, Aks, id: new string('e', 5000))), 400, "id is 5000 characters long; at most 256" },
        { "operation-over-cap", Json(Deliveries.Event(Write, Cluster + new string('o', 600), Aks)), 400, $"data.operationName is {Cluster.Length + 600} characters long; at most 512" },
    };

    /// <summary>On-demand attach bodies: (name, body, status, fragment of the answer).</summary>
    public static TheoryData<string, string, int, string> AttachBodies() => new()
    {
        { "not-json", "not json", 400, "not a valid attach request" },
        { "empty-object", "{}", 400, "clusterId is required" },
        { "empty-cluster-id", "{\"clusterId\":\"\"}", 400, "clusterId is required" },
        { "cluster-id-number", "{\"clusterId\":42}", 400, "not a valid attach request" },
        { "dry-run-string", $"{{\"clusterId\":\"{Aks}\",\"dryRun\":\"yes\"}}", 400, "not a valid attach request" },
        { "array-body", "[]", 400, "not a valid attach request" },
        { "name-only", "{\"clusterId\":\"aks-research-01\"}", 400, "not a cluster id" },
        { "workspace-id", $"{{\"clusterId\":\"{Research}\"}}", 400, "not a cluster id" },
        { "compute-child-path", $"{{\"clusterId\":\"{Research}/computes/c1\"}}", 400, "not a cluster id" },
        { "missing-name", $"{{\"clusterId\":\"/subscriptions/{Sub1}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/\"}}", 400, "not a cluster id" },
        { "subscription-not-a-guid", "{\"clusterId\":\"/subscriptions/prod/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c\"}", 400, "not a cluster id" },
        { "other-subscription", $"{{\"clusterId\":\"{AksPartner}\"}}", 400, "outside the policy" },
        { "arc-other-subscription", "{\"clusterId\":\"/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc1\"}", 400, "outside the policy" },
    };

    /// <summary>Namespace names (scenario D1-D3 of docs/reliability.md) in an otherwise valid policy: refused at load, naming the field.</summary>
    public static TheoryData<string, string> BadNamespaces() => new()
    {
        { "empty", "" },
        { "64-characters", new string('a', 64) },
        { "uppercase", "Team-a" },
        { "leading-dash", "-a" },
        { "trailing-dash", "a-" },
        { "underscore", "a_b" },
        { "dot", "a.b" },
        { "kube-prefix", "kube-x" },
        { "kube-system", "kube-system" },
        { "default", "default" },
        { "kube-public", "kube-public" },
        { "kube-node-lease", "kube-node-lease" },
        { "cyrillic-look-alike", "t\u0435am" },
        { "trailing-newline", "team\n" },
        { "encoded-traversal", "a%2F.." },
    };

    /// <summary>Ids and roles in an otherwise valid policy (scenario D1-D3 of docs/reliability.md): refused at load, naming the field.</summary>
    public static TheoryData<string, string, string> BadPolicyIds() => new()
    {
        { "workspace-is-a-cluster", "workspace", Aks },
        { "workspace-child-path", "workspace", Research + "/computes/c1" },
        { "workspace-not-an-id", "workspace", "ws-research" },
        { "grant-scope-not-an-id", "grantScope", "crmlshared" },
        { "role-owner", "role", "Owner" },
        { "role-user-access-administrator", "role", "UserAccessAdministrator" },
        { "role-rbac-administrator", "role", "RoleBasedAccessControlAdministrator" },
        { "scope-subscription-not-a-guid", "scope", "prod-subscription" },
    };

    [Theory]
    [MemberData(nameof(BadDeliveries))]
    public async Task Webhook_BadDelivery_ClearAnswerAndNoWrite(string name, string body, int status, string explanation)
    {
        var before = World.Logs.Count(explanation);
        var answer = await World.PostEventsAsync(body);

        Assert.True(status == answer.Status, $"{name}: expected {status}, got {answer.Status} {answer.Body}");
        var explained = answer.Body.Contains(explanation, StringComparison.Ordinal) || World.Logs.Count(explanation) > before;
        Assert.True(explained, $"{name}: neither the answer nor a log line says '{explanation}': {answer.Body}");
        await AssertUntouchedAsync();
    }

    [Theory]
    [MemberData(nameof(AttachBodies))]
    public async Task AttachApi_BadBody_400WithReasonAndNoWrite(string name, string body, int status, string explanation)
    {
        var answer = await World.PostAttachAsync(body);

        Assert.True(status == answer.Status, $"{name}: expected {status}, got {answer.Status} {answer.Body}");
        Assert.Contains(explanation, answer.Body, StringComparison.Ordinal);
        await AssertUntouchedAsync();
    }

    /// <summary>
    /// A cluster name that is not an Azure resource name (percent-encoded slashes and dots) must be refused like the
    /// other malformed ids. Today ClusterId.TryParse accepts it and a run is scheduled for it (202).
    /// </summary>
    [Fact]
    public async Task AttachApi_EncodedTraversalInClusterName_400AndNoRun()
    {
        await using var world = await ReliabilityWorld.StartAsync();

        var answer = await world.PostAttachAsync($"{{\"clusterId\":\"/subscriptions/{Sub1}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a%2F..%2Fb\"}}");

        Assert.Equal(400, answer.Status);
        Assert.Equal(0, await world.InstanceCountAsync());
        Assert.Equal(0, world.Writes());
    }

    [Theory]
    [InlineData("")]
    [InlineData("clusterId=")]
    [InlineData($"clusterId=/subscriptions/{Sub1}/resourceGroups/rg-aks-research")]
    [InlineData($"clusterId={AksPartner}")]
    public async Task PlanApi_BadClusterId_400AndNoWrite(string query)
    {
        var answer = await World.GetPlanAsync(query.Length == 0 ? "" : "?" + query);

        Assert.Equal(400, answer.Status);
        Assert.Contains("clusterId", answer.Body.Replace("Cluster ", "clusterId ", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        await AssertUntouchedAsync();
    }

    [Theory]
    [InlineData("../../admin")]
    [InlineData("drift-repair")]
    [InlineData("reconcile-x?code=abc")]
    public async Task StatusApi_InstanceIdNotOurs_400AndNoWrite(string instanceId)
    {
        var answer = World.Read(await World.Api.StatusAsync(ReliabilityWorld.Request("GET"), World.Client, instanceId, CancellationToken.None));

        Assert.Equal(400, answer.Status);
        Assert.Contains("not one this API hands out", answer.Body, StringComparison.Ordinal);
        await AssertUntouchedAsync();
    }

    [Theory]
    [MemberData(nameof(BadNamespaces))]
    public async Task Policy_BadNamespaceName_RejectedNamingTheField(string name, string ns)
    {
        var result = PolicyLoader.Load(PolicyWith(ns: ns));

        Assert.False(result.IsValid, $"{name}: namespace '{ns}' was accepted");
        Assert.Contains(result.Errors, e => e.ToString().Contains("namespace", StringComparison.OrdinalIgnoreCase));
        await AssertUntouchedAsync();
    }

    [Theory]
    [InlineData("a")]
    [InlineData("team-a")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void Policy_GoodNamespaceName_Accepted(string ns)
    {
        var result = PolicyLoader.Load(PolicyWith(ns: ns));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [MemberData(nameof(BadPolicyIds))]
    public async Task Policy_BadIdOrRole_RejectedNamingTheField(string name, string field, string value)
    {
        var json = field switch
        {
            "workspace" => PolicyWith(workspace: value),
            "grantScope" => PolicyWith(grantScope: value),
            "role" => PolicyWith(role: value),
            _ => PolicyWith(scopeSubscription: value),
        };

        var result = PolicyLoader.Load(json);

        Assert.False(result.IsValid, $"{name}: '{value}' was accepted");
        var expected = field switch { "grantScope" => "scope", "scope" => "subscriptions", _ => field };
        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.OrdinalIgnoreCase));
        await AssertUntouchedAsync();
    }

    private async Task AssertUntouchedAsync()
    {
        Assert.Equal(0, World.Writes());
        Assert.Equal(0, await World.InstanceCountAsync());
    }

    private static string Json(params object[] events) => JsonSerializer.Serialize(events);

    private static string PolicyWith(
        string ns = "team-a", string workspace = Research, string grantScope = Registry, string role = "AcrPull", string scopeSubscription = Sub1) =>
        JsonSerializer.Serialize(new
        {
            version = 1,
            scope = new { subscriptions = new[] { scopeSubscription } },
            rules = new[]
            {
                new
                {
                    name = "aks-ml",
                    match = new { kind = "aks" },
                    attachments = new[]
                    {
                        new
                        {
                            workspace,
                            computeName = "{cluster:9}-a",
                            @namespace = new { name = ns },
                            grants = new[] { new { role, scope = grantScope } },
                        },
                    },
                },
            },
        });
}
