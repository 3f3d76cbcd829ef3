using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AttachFunctions.Cli;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Cli.Tests;

public sealed partial class ServeTests
{
    [Fact]
    public async Task Serve_EventGridDeliveriesInBothSchemas_HandshakesAnsweredClustersConvergeJournalWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        var journal = Cli.TempFile("serve-journal.jsonl");
        var inner = new StringWriter();
        var output = TextWriter.Synchronized(inner);
        using var error = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var serving = CliApp.RunAsync(["serve", "--emulator", "--urls", "http://127.0.0.1:0", "--journal", journal], output, error, stop.Token);

        var baseUrl = await WaitForBaseUrlAsync(inner, output, serving, ct);
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };

        // Event Grid schema handshake.
        using (var response = await PostAsync(http, ValidationEvent, "application/json", "SubscriptionValidation", ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body.RootElement.GetProperty("validationResponse").GetString());
        }

        // CloudEvents handshake.
        using (var options = new HttpRequestMessage(HttpMethod.Options, "api/events"))
        {
            options.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
            using var response = await http.SendAsync(options, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("eventgrid.azure.net", Assert.Single(response.Headers.GetValues("WebHook-Allowed-Origin")));
        }

        // An Event Grid schema batch (claims and httpRequest as JSON-encoded strings), and a CloudEvent.
        using (var response = await PostAsync(http, ClusterWriteEventGrid, "application/json", "Notification", ct))
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal(1, JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32());
        }

        using (var response = await PostAsync(http, ExtensionWriteCloudEvent, "application/cloudevents+json", "Notification", ct))
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal(1, JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32());
        }

        // Irrelevant events are acknowledged; a malformed body is rejected with a reason.
        using (var response = await PostAsync(http, "[{\"id\":\"x\",\"subject\":\"s\",\"eventType\":\"Contoso.Other\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"data\":{},\"dataVersion\":\"1\"}]", "application/json", "Notification", ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await PostAsync(http, "{not json", "application/json", "Notification", ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("not JSON", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        // GET /api/clusters shows both clusters converged.
        var converged = false;
        string clusters = "";
        for (var i = 0; i < 240 && !converged; i++)
        {
            clusters = await http.GetStringAsync("api/clusters", ct);
            using var document = JsonDocument.Parse(clusters);
            var results = document.RootElement.GetProperty("clusters").EnumerateArray()
                .ToDictionary(c => c.GetProperty("clusterId").GetString()!, c => c.TryGetProperty("result", out var r) ? r.GetString() : null, StringComparer.OrdinalIgnoreCase);
            converged = results.GetValueOrDefault(AksResearch) == "converged" && results.GetValueOrDefault(ArcEdge1) == "converged";
            if (!converged)
            {
                await Task.Delay(250, ct);
            }
        }

        Assert.True(converged, clusters);
        Cli.AssertNoSecrets(clusters);

        // The HTTP API's attach with dryRun answers 202 with our own status URL; a bad id is a 400 with the reason.
        using (var attach = new StringContent($"{{\"clusterId\":\"{AksResearch}\",\"dryRun\":true}}", Encoding.UTF8, "application/json"))
        using (var response = await http.PostAsync("api/clusters/attach", attach, ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.StartsWith(baseUrl + "/api/clusters/attach/plan-aks-research-01-", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using (var bad = new StringContent("{\"clusterId\":\"/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/x\"}", Encoding.UTF8, "application/json"))
        using (var response = await http.PostAsync("api/clusters/attach", bad, ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            Assert.Contains("outside the policy's scope", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        await stop.CancelAsync();
        Assert.Equal(0, await serving);

        var lines = (await File.ReadAllLinesAsync(journal, ct)).Where(l => l.Length > 0).ToList();
        Assert.Contains(lines, l => l.Contains("\"method\":\"PUT\"", StringComparison.Ordinal) && l.Contains("/computes/aks-research-r", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"method\":\"PUT\"", StringComparison.Ordinal) && l.Contains("/computes/arc-edge-01-p", StringComparison.Ordinal));
        Cli.AssertNoSecrets(inner.ToString());
        Cli.AssertNoSecrets(error.ToString());
    }

    [Fact]
    public async Task Serve_RequestNamingAnotherHost_Is421_AndNothingIsScheduled()
    {
        // DNS rebinding: a page on attacker.example re-resolves its own name to 127.0.0.1; the browser then sends
        // Host: attacker.example to serve. Only loopback names on the bound port are answered.
        var ct = TestContext.Current.CancellationToken;
        await using var serve = await ServeSession.StartAsync(ct);
        var port = new Uri(serve.BaseUrl).Port;
        var attach = $"{{\"clusterId\":\"{AksResearch}\",\"dryRun\":false}}";

        foreach (var host in new[] { $"attacker.example:{port}", "attacker.example", $"localhost:{port + 1}", $"127.0.0.2:{port}" })
        {
            using var post = await serve.SendAsync(HttpMethod.Post, "api/clusters/attach", attach, "application/json", host, ct);
            using var events = await serve.SendAsync(HttpMethod.Post, "api/events", ClusterWriteEventGrid, "application/json", host, ct);
            using var list = await serve.SendAsync(HttpMethod.Get, "api/clusters", null, null, host, ct);

            Assert.Equal((HttpStatusCode)421, post.StatusCode);
            Assert.Equal((HttpStatusCode)421, events.StatusCode);
            Assert.Equal((HttpStatusCode)421, list.StatusCode);
            var error = JsonDocument.Parse(await post.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("error").GetString();
            Assert.Contains($"answers only requests addressed to http://127.0.0.1:{port}, http://localhost:{port} or http://[::1]:{port}", error, StringComparison.Ordinal);
            Assert.Contains("DNS rebinding", error, StringComparison.Ordinal);
        }

        // The loopback names are answered, and no run was started by the refused requests.
        foreach (var host in new[] { $"localhost:{port}", $"[::1]:{port}", $"127.0.0.1:{port}" })
        {
            using var list = await serve.SendAsync(HttpMethod.Get, "api/clusters", null, null, host, ct);
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal(0, JsonDocument.Parse(await list.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("clusters").GetArrayLength());
        }

        Assert.Empty(await serve.StopAndReadWritesAsync(ct));
    }

    [Fact]
    public async Task Serve_PostWithACrossSiteSimpleContentType_Is415_AndNothingIsScheduled()
    {
        // A page can POST to 127.0.0.1 without a CORS preflight only as text/plain, a form or multipart: serve refuses those.
        var ct = TestContext.Current.CancellationToken;
        await using var serve = await ServeSession.StartAsync(ct);
        var attach = $"{{\"clusterId\":\"{AksResearch}\",\"dryRun\":false}}";

        foreach (var contentType in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null })
        {
            using var post = await serve.SendAsync(HttpMethod.Post, "api/clusters/attach", attach, contentType, null, ct);
            using var events = await serve.SendAsync(HttpMethod.Post, "api/events", ClusterWriteEventGrid, contentType, null, ct);

            Assert.True(post.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{contentType}: {post.StatusCode}");
            Assert.True(events.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{contentType}: {events.StatusCode}");
            var error = JsonDocument.Parse(await post.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("error").GetString();
            Assert.Contains("accepts POST bodies only as application/json", error, StringComparison.Ordinal);
        }

        using (var list = await serve.SendAsync(HttpMethod.Get, "api/clusters", null, null, null, ct))
        {
            Assert.Equal(0, JsonDocument.Parse(await list.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("clusters").GetArrayLength());
        }

        Assert.Empty(await serve.StopAndReadWritesAsync(ct));
    }

    private static async Task<string> WaitForBaseUrlAsync(StringWriter inner, TextWriter sync, Task<int> serving, CancellationToken ct)
    {
        for (var i = 0; i < 200; i++)
        {
            string text;
            lock (sync)
            {
                text = inner.ToString();
            }

            var match = ListeningOn().Match(text);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }

            Assert.False(serving.IsCompleted, "serve ended early: " + text);
            await Task.Delay(100, ct);
        }

        throw new TimeoutException("serve did not print its address");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string contentType, string eventType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/events") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("aeg-event-type", eventType);
        return await http.SendAsync(request, ct);
    }

    /// <summary>One <c>attachctl serve --emulator</c> on a free loopback port, with its journal.</summary>
    private sealed class ServeSession : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task<int> _serving;
        private readonly string _journal;
        private readonly HttpClient _http;
        private bool _stopped;

        private ServeSession(CancellationTokenSource stop, Task<int> serving, string journal, string baseUrl)
        {
            _stop = stop;
            _serving = serving;
            _journal = journal;
            BaseUrl = baseUrl;
            _http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
        }

        public string BaseUrl { get; }

        public static async Task<ServeSession> StartAsync(CancellationToken ct)
        {
            var journal = Cli.TempFile("serve-journal.jsonl");
            var inner = new StringWriter();
            var output = TextWriter.Synchronized(inner);
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var serving = CliApp.RunAsync(["serve", "--emulator", "--urls", "http://127.0.0.1:0", "--journal", journal], output, TextWriter.Null, stop.Token);
            return new ServeSession(stop, serving, journal, await WaitForBaseUrlAsync(inner, output, serving, ct));
        }

        /// <summary>Sends a request; <paramref name="host"/> overrides the Host header (as a browser on a rebound name sends it).</summary>
        public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? contentType, string? host, CancellationToken ct)
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                if (contentType is not null)
                {
                    request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
                }
            }

            if (host is not null)
            {
                request.Headers.Host = host;
            }

            return _http.SendAsync(request, ct);
        }

        /// <summary>Stops serve and returns the ARM and Kubernetes writes its journal recorded.</summary>
        public async Task<List<string>> StopAndReadWritesAsync(CancellationToken ct)
        {
            await StopAsync();
            var lines = await File.ReadAllLinesAsync(_journal, ct);
            return lines.Where(l => l.Contains("\"method\":\"PUT\"", StringComparison.Ordinal) || l.Contains("\"method\":\"DELETE\"", StringComparison.Ordinal) || l.Contains("\"method\":\"PATCH\"", StringComparison.Ordinal)).ToList();
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _http.Dispose();
            _stop.Dispose();
        }

        private async Task StopAsync()
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            await _stop.CancelAsync();
            Assert.Equal(0, await _serving);
        }
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    private const string ValidationEvent = """
        [{
          "id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
          "topic": "/subscriptions/11111111-1111-1111-1111-111111111111",
          "subject": "",
          "data": { "validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/x/validate?id=0&t=2026-01-01T00:00:00Z" },
          "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
          "eventTime": "2026-01-01T00:00:00.000Z",
          "metadataVersion": "1",
          "dataVersion": "1"
        }]
        """;

    private const string ClusterWriteEventGrid = """
        [{
          "id": "5f3c1d2e-0000-4000-8000-000000000001",
          "topic": "/subscriptions/11111111-1111-1111-1111-111111111111",
          "subject": "/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01",
          "eventType": "Microsoft.Resources.ResourceWriteSuccess",
          "eventTime": "2026-01-01T00:00:01.000Z",
          "data": {
            "authorization": "{\"scope\":\"/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/rg-aks-research\",\"action\":\"Microsoft.ContainerService/managedClusters/write\"}",
            "claims": "{\"appid\":\"04b07795-8ddb-461a-bbee-02f9e1bf7b46\"}",
            "correlationId": "7a2f8a44-0000-4000-8000-000000000001",
            "httpRequest": "{\"clientIpAddress\":\"203.0.113.10\",\"method\":\"PUT\"}",
            "resourceProvider": "Microsoft.ContainerService",
            "resourceUri": "/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01",
            "operationName": "Microsoft.ContainerService/managedClusters/write",
            "status": "Succeeded",
            "subscriptionId": "11111111-1111-1111-1111-111111111111",
            "tenantId": "aaaaaaaa-0000-0000-0000-000000000001"
          },
          "dataVersion": "2",
          "metadataVersion": "1"
        }]
        """;

    private const string ExtensionWriteCloudEvent = """
        {
          "specversion": "1.0",
          "type": "Microsoft.Resources.ResourceWriteSuccess",
          "source": "/subscriptions/11111111-1111-1111-1111-111111111111",
          "subject": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-01/providers/Microsoft.KubernetesConfiguration/extensions/azureml",
          "id": "5f3c1d2e-0000-4000-8000-000000000002",
          "time": "2026-01-01T00:00:02.000Z",
          "datacontenttype": "application/json",
          "data": {
            "authorization": { "scope": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-arc-edge", "action": "Microsoft.KubernetesConfiguration/extensions/write" },
            "claims": { "appid": "04b07795-8ddb-461a-bbee-02f9e1bf7b46" },
            "correlationId": "7a2f8a44-0000-4000-8000-000000000002",
            "httpRequest": { "clientIpAddress": "203.0.113.10", "method": "PUT" },
            "resourceProvider": "Microsoft.KubernetesConfiguration",
            "resourceUri": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-01/providers/Microsoft.KubernetesConfiguration/extensions/azureml",
            "operationName": "Microsoft.KubernetesConfiguration/extensions/write",
            "status": "Succeeded",
            "subscriptionId": "11111111-1111-1111-1111-111111111111",
            "tenantId": "aaaaaaaa-0000-0000-0000-000000000001"
          }
        }
        """;
}
