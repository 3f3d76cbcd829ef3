using System.Text.Json;
using System.Text.Json.Nodes;
using AttachFunctions.TestSupport;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Cli.Tests;

public sealed class PlanAndInputTests
{
    [Fact]
    public async Task Plan_DriftedCluster_ListsRepairStepsWithReasonsAndJournalHasNoWrite()
    {
        // The sample world with the research compute already attached to aks-research-01 but Failed.
        var scenario = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("samples", "scenario.json"), TestContext.Current.CancellationToken))!;
        var research = scenario["workspaces"]!.AsArray().First(w => (string?)w!["name"] == "ws-research")!;
        research["computes"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "aks-research-r",
            ["resourceId"] = AksResearch,
            ["namespace"] = "research-research",
            ["provisioningState"] = "Failed",
        });
        var scenarioFile = Cli.TempFile("scenario.json");
        await File.WriteAllTextAsync(scenarioFile, scenario.ToJsonString(), TestContext.Current.CancellationToken);
        var journal = Cli.TempFile("journal.jsonl");

        var result = await Cli.RunAsync("plan", "--emulator", "--scenario", scenarioFile, "--cluster", "aks-research-01", "--journal", journal);

        Assert.True(result.Exit == 0, result.Out + result.Err);
        Assert.Matches(@"\| ws-research/aks-research-r \| Compute\s+\|[^\n]*\| Replace \| compute ws-research/aks-research-r is Failed", result.Out);
        Assert.Contains("namespace research-research missing", result.Out, StringComparison.Ordinal);
        Assert.Contains("0 writes, 0 deletes", result.Out, StringComparison.Ordinal);
        var entries = (await File.ReadAllLinesAsync(journal, TestContext.Current.CancellationToken)).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.NotEmpty(entries);
        Assert.DoesNotContain(entries, e => (string?)e["kind"] is "armWrite" or "armDelete");
        Assert.DoesNotContain(entries, e => (string?)e["kind"] == "kubernetes" && (string?)e["method"] is "POST" or "PUT" or "PATCH" or "DELETE");
    }

    [Fact]
    public async Task Plan_Json_ParsesAsJsonWithTheSteps()
    {
        var result = await Cli.RunAsync("plan", "--emulator", "--cluster", ArcEdge1, "--json");

        Assert.Equal(0, result.Exit);
        using var document = JsonDocument.Parse(result.Out);
        var steps = document.RootElement.GetProperty("plan").GetProperty("attachments").EnumerateArray().SelectMany(a => a.GetProperty("steps").EnumerateArray()).ToList();
        Assert.Contains(steps, s => s.GetProperty("action").GetString() == "Create" && s.GetProperty("kind").GetString() == "Compute");
        Assert.Equal(0, document.RootElement.GetProperty("journal").GetProperty("armWrites").GetInt32());
    }

    [Fact]
    public async Task Apply_ThenRepairAll_ConvergesAndJsonParses()
    {
        var apply = await Cli.RunAsync("apply", "--emulator", "--cluster", "arc-edge-01");
        Assert.True(apply.Exit == 0, apply.Out + apply.Err);
        Assert.Contains("converged.", apply.Out, StringComparison.Ordinal);

        var repair = await Cli.RunAsync("repair", "--emulator", "--all", "--json");
        Assert.True(repair.Exit == 0, repair.Out + repair.Err);
        using var document = JsonDocument.Parse(repair.Out);
        Assert.Equal(6, document.RootElement.GetProperty("summary").GetProperty("checked").GetInt32());
        Assert.Equal(0, document.RootElement.GetProperty("summary").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task PolicyValidate_BadPolicy_ExitsTwoWithPathLineAndColumn()
    {
        var file = Cli.TempFile("bad-policy.json");
        await File.WriteAllTextAsync(file, "{\n  \"version\": 1,\n  \"scope\": { \"subscriptions\": [\"not-a-guid\"] },\n  \"rules\": []\n}\n", TestContext.Current.CancellationToken);

        var result = await Cli.RunAsync("policy", "validate", file);

        Assert.Equal(2, result.Exit);
        Assert.Contains("$.scope.subscriptions[0] (line 3, column", result.Err, StringComparison.Ordinal);
        Assert.Contains("not a subscription id", result.Err, StringComparison.Ordinal);

        var json = await Cli.RunAsync("policy", "validate", file, "--json");
        Assert.Equal(2, json.Exit);
        using var document = JsonDocument.Parse(json.Out);
        Assert.False(document.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(3, document.RootElement.GetProperty("errors")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task PolicyValidate_SamplePolicy_ExitsZero()
    {
        var result = await Cli.RunAsync("policy", "validate", RepoPaths.Combine("samples", "policy.json"));

        Assert.Equal(0, result.Exit);
        Assert.Contains("valid (2 rule(s)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_InvalidPolicy_ExitsTwoNamingTheErrors()
    {
        var file = Cli.TempFile("broken.json");
        await File.WriteAllTextAsync(file, "{ \"version\": 1,", TestContext.Current.CancellationToken);

        var result = await Cli.RunAsync("plan", "--emulator", "--policy", file, "--cluster", "aks-research-01");

        Assert.Equal(2, result.Exit);
        Assert.Contains("is not valid", result.Err, StringComparison.Ordinal);
        Assert.Contains("(line 1", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aks-missing-01", "Unknown cluster: no cluster named 'aks-missing-01'")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-missing-01", "Unknown cluster: /subscriptions/")]
    [InlineData("/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-x/providers/Microsoft.ContainerService/managedClusters/aks-x", "is out of scope")]
    [InlineData("/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/x", "Malformed cluster id")]
    [InlineData("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/st1", "Malformed cluster id")]
    public async Task Plan_BadCluster_ExitsTwoNamingTheProblemAndTheFix(string cluster, string message)
    {
        var result = await Cli.RunAsync("plan", "--emulator", "--cluster", cluster);

        Assert.True(result.Exit == 2, $"exit {result.Exit}; stderr: {result.Err}; stdout: {result.Out}");
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.Contains("Fix:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_WithoutAllOrCluster_ExitsTwo()
    {
        var result = await Cli.RunAsync("repair", "--emulator");

        Assert.Equal(2, result.Exit);
        Assert.Contains("--all", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExitsTwo()
    {
        var result = await Cli.RunAsync("plan", "--emulator", "--cluster", "x", "--bogus");

        Assert.Equal(2, result.Exit);
    }

    [Fact]
    public async Task Plan_Verbose_PrintsTheJournalOfCallsWithoutBodies()
    {
        var result = await Cli.RunAsync("plan", "--emulator", "--cluster", "arc-edge-01", "--verbose");

        Assert.Equal(0, result.Exit);
        Assert.Contains("Emulator journal (calls made)", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"ArmRead\s+GET\s+200 /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-01", result.Out);
    }

    [Theory]
    [InlineData("serve", "--urls", "http://127.0.0.1:0")]
    [InlineData("serve", "--emulator", "--urls", "http://0.0.0.0:8080")]
    [InlineData("demo", "--chaos", "2")]
    [InlineData("plan", "--cluster", "aks-research-01", "--scenario", "x.json")]
    public async Task BadOptions_ExitTwoWithTheFix(params string[] args)
    {
        var result = await Cli.RunAsync(args);

        Assert.Equal(2, result.Exit);
        Assert.Contains("Fix:", result.Err, StringComparison.Ordinal);
    }
}
