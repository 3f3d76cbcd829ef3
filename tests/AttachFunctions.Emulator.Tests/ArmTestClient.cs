using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator.Tests;

/// <summary>A plain HTTP client for the emulator's ARM endpoint (trusting only its certificate), for tests that need exact control.</summary>
internal sealed class ArmTestClient : IDisposable
{
    private readonly HttpClient _http;

    public ArmTestClient(EmulatorHost host, string token = "aud=https://management.azure.com/.default;oid=" + TestWorld.Caller)
    {
        _http = new HttpClient(host.CreateTrustingHandler()) { BaseAddress = host.ArmEndpoint };
        if (token.Length > 0)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public sealed record Reply(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers)
    {
        public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.First() : null;

        public string? ErrorCode => Body?["error"]?["code"]?.GetValue<string>();
    }

    public Task<Reply> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<Reply> PutAsync(string path, string body) => SendAsync(HttpMethod.Put, path, body);

    public Task<Reply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<Reply> PostAsync(string path) => SendAsync(HttpMethod.Post, path);

    public async Task<Reply> SendAsync(HttpMethod method, string pathOrUrl, string? body = null)
    {
        using var request = new HttpRequestMessage(method, pathOrUrl.StartsWith("http", StringComparison.Ordinal) ? pathOrUrl : pathOrUrl.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Reply(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers);
    }

    public void Dispose() => _http.Dispose();
}
