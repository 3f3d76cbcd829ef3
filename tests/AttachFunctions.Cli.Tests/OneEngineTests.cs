using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Cli.Tests;

/// <summary>
/// One apply path: <c>attachctl apply</c> and the Functions app's HTTP attach (served locally by the same handlers) run
/// the same orchestrations, so on the same world they send the same writes.
/// </summary>
public sealed class OneEngineTests
{
    [Fact]
    public async Task Apply_SameClusterAsHttpAttach_WritesTheSameJournal()
    {
        var ct = TestContext.Current.CancellationToken;
        var applyJournal = Cli.TempFile("apply.jsonl");
        var apply = await Cli.RunAsync("apply", "--emulator", "--cluster", AksResearch, "--journal", applyJournal);
        Assert.True(apply.Exit == 0, apply.Out + apply.Err);

        var serveJournal = Cli.TempFile("serve.jsonl");
        await AttachOverHttpAsync(serveJournal, ct);

        var fromCli = Writes(applyJournal);
        var fromHttp = Writes(serveJournal);
        Assert.NotEmpty(fromCli);
        Assert.Contains(fromCli, w => w.StartsWith("PUT ", StringComparison.Ordinal) && w.Contains("/computes/", StringComparison.Ordinal));
        Assert.Equal(fromHttp, fromCli);
    }

    /// <summary>Serves the API, posts <c>/api/clusters/attach</c> and follows the status URL until the run completes.</summary>
    private static async Task AttachOverHttpAsync(string journal, CancellationToken ct)
    {
        var inner = new StringWriter();
        var output = TextWriter.Synchronized(inner);
        using var error = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var serving = CliApp.RunAsync(["serve", "--emulator", "--urls", "http://127.0.0.1:0", "--journal", journal], output, error, stop.Token);
        try
        {
            var baseUrl = await BaseUrlAsync(inner, serving, ct);
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
            using var body = new StringContent(JsonSerializer.Serialize(new { clusterId = AksResearch, dryRun = false }), Encoding.UTF8, "application/json");
            using var started = await http.PostAsync("api/clusters/attach", body, ct);
            var text = await started.Content.ReadAsStringAsync(ct);
            Assert.True(started.StatusCode == HttpStatusCode.Accepted, text);
            var statusUrl = JsonNode.Parse(text)!["statusUrl"]!.GetValue<string>();
            for (var i = 0; i < 600; i++)
            {
                var status = JsonNode.Parse(await http.GetStringAsync(statusUrl, ct))!;
                if ((string?)status["runtimeStatus"] is "Completed" or "Failed" or "Terminated")
                {
                    Assert.Equal("converged", (string?)status["report"]?["result"]);
                    return;
                }

                await Task.Delay(100, ct);
            }

            Assert.Fail("The HTTP attach did not complete within a minute.");
        }
        finally
        {
            await stop.CancelAsync();
            await serving;
        }
    }

    private static async Task<string> BaseUrlAsync(StringWriter output, Task<int> serving, CancellationToken ct)
    {
        for (var i = 0; i < 300; i++)
        {
            Assert.False(serving.IsCompleted, "serve stopped before it listened.");
            const string Marker = "listening on ";
            var line = output.ToString().Split('\n').FirstOrDefault(l => l.Contains(Marker, StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Trim();
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException("serve did not print its address.");
    }

    /// <summary>
    /// A role assignment's name is derived from its principal, and the stand-in mints a new principal for each new compute
    /// identity: the name is replaced by a placeholder, so the comparison is of scopes, counts and every other path.
    /// </summary>
    private static string Normalize(string? path)
    {
        var lower = (path ?? "").ToLowerInvariant();
        var at = lower.IndexOf("/providers/microsoft.authorization/roleassignments/", StringComparison.Ordinal);
        return at < 0 ? lower : lower[..(lower.LastIndexOf('/') + 1)] + "{name}";
    }

    /// <summary>The writes of a journal (ARM PUT/DELETE/POST writes and Kubernetes writes), as "METHOD path", sorted.</summary>
    private static List<string> Writes(string journal) =>
        File.ReadAllLines(journal)
            .Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(l)!)
            .Where(e => (string?)e["kind"] is "armWrite" or "armDelete" || ((string?)e["kind"] == "kubernetes" && (string?)e["method"] is "POST" or "PUT" or "PATCH" or "DELETE"))
            .Where(e => (int?)e["status"] is >= 200 and < 300)
            .Select(e => $"{(string?)e["method"]} {Normalize((string?)e["path"])}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
