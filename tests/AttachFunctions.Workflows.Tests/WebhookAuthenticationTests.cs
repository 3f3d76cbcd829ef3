using System.Text.Json;
using AttachFunctions.Api.Handlers;
using AttachFunctions.Api.Http;
using AttachFunctions.Api.Options;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Workflows.Tests;

/// <summary>
/// The webhook is anonymous at the platform and authenticates every POST by Event Grid's Entra access token itself. Each
/// attack posts a delivery that would otherwise start a run (a write of aks-research-01, in scope) and asserts: refused
/// with a status and an error naming the reason, no run scheduled, no write, and the token never echoed or logged.
/// </summary>
public sealed class WebhookAuthenticationTests
{
    private static readonly string Delivery = Events.ClusterWrite(AksResearch);

    /// <summary>A key that is not the tenant's, published under the tenant key's id.</summary>
    private static readonly TestWebhookIssuer Forger = new(TestWebhookIssuer.Default.KeyId);

    /// <summary>Attack name → the headers the attacker sends, and the fragment the refusal must name.</summary>
    private static readonly Dictionary<string, (Func<Dictionary<string, string>> Headers, string Reason)> Attacks = new(StringComparer.Ordinal)
    {
        ["token-signed-with-another-key"] = (() => Bearer(Forger.Token()), "sign"),
        ["token-for-another-audience"] = (() => Bearer(TestWebhookIssuer.Default.Token(audience: "api://99999999-0000-0000-0000-000000000009")), "audience"),
        ["token-of-another-tenant-v1"] = (() => Bearer(TestWebhookIssuer.Default.Token(issuer: TestWebhookIssuer.V1Issuer(TestWebhookIssuer.OtherTenantId))), "issuer"),
        ["token-of-another-tenant-v2"] = (() => Bearer(TestWebhookIssuer.Default.Token(issuer: TestWebhookIssuer.V2Issuer(TestWebhookIssuer.OtherTenantId))), "issuer"),
        ["expired-token"] = (() => Bearer(TestWebhookIssuer.Default.Token(notBefore: DateTimeOffset.UtcNow.AddHours(-2), expires: DateTimeOffset.UtcNow.AddHours(-1))), "expired"),
        ["not-yet-valid-token"] = (() => Bearer(TestWebhookIssuer.Default.Token(notBefore: DateTimeOffset.UtcNow.AddHours(1), expires: DateTimeOffset.UtcNow.AddHours(2))), "not valid yet"),
        ["alg-none-token"] = (() => Bearer(TestWebhookIssuer.UnsignedToken()), "sign"),
        ["no-authorization-header"] = (() => [], "Authorization header is missing"),
        ["basic-credentials"] = (() => new() { ["Authorization"] = "Basic " + Convert.ToBase64String("eventgrid:secret"u8.ToArray()) }, "malformed"),
        ["scheme-without-token"] = (() => new() { ["Authorization"] = "Bearer" }, "malformed"),
        ["two-tokens"] = (() => new() { ["Authorization"] = "Bearer a b" }, "malformed"),
        ["token-not-a-jwt"] = (() => Bearer("not-a-jwt"), "not a well-formed JWT"),
    };

    public static TheoryData<string> AttackNames() => new(Attacks.Keys);

    [Theory]
    [InlineData("v1 issuer, client id audience", false, false)]
    [InlineData("v2 issuer, api:// audience", true, true)]
    public async Task Webhook_EventGridToken_IsAccepted_AndTheRunIsScheduled(string name, bool v2Issuer, bool apiAudience)
    {
        await using var world = await TestWorld.StartAsync();
        var token = TestWebhookIssuer.Default.Token(
            audience: apiAudience ? "api://" + TestWebhookIssuer.ClientId : null, issuer: v2Issuer ? TestWebhookIssuer.V2Issuer() : null);

        var (status, body) = await world.PostEventsAsync(Delivery, Bearer(token));

        Assert.True(status == 200, $"{name}: {status} {body}");
        Assert.Contains("\"accepted\":1", body, StringComparison.Ordinal);
        await world.WaitAsync(InstanceIds.ForReconcile(ClusterId.Parse(AksResearch)));
        await WorldAssert.AttachedAsync(world, AksResearch);
        world.AssertNoSecretsLeaked();
    }

    [Theory]
    [MemberData(nameof(AttackNames))]
    public async Task Webhook_DeliveryWithoutAValidEventGridToken_Is401_AndNothingIsScheduled(string attack)
    {
        await using var world = await TestWorld.StartAsync();
        var (headers, reason) = Attacks[attack];
        var sent = headers();
        world.Emulator.Journal.Clear();

        var (status, body) = await world.PostEventsAsync(Delivery, sent);

        Assert.True(status == 401, $"{attack}: {status} {body}");
        Assert.Contains(reason, Error(body), StringComparison.Ordinal);
        await AssertNothingHappenedAsync(world, sent);
        Assert.Equal(1, world.Logs.Count("Webhook delivery refused (401)"));
    }

    [Fact]
    public async Task Webhook_ValidTokenWithoutTheEventGridRole_Is403_AndNothingIsScheduled()
    {
        await using var world = await TestWorld.StartAsync();
        var sent = Bearer(TestWebhookIssuer.Default.Token(roles: ["Attach.Operator"]));

        var (status, body) = await world.PostEventsAsync(Delivery, sent);

        Assert.Equal(403, status);
        Assert.Contains($"does not hold the app role '{TestWebhookIssuer.Role}'", Error(body), StringComparison.Ordinal);
        await AssertNothingHappenedAsync(world, sent);
    }

    [Fact]
    public async Task Webhook_SubscriptionValidationWithoutToken_Is401_AndTheCodeIsNotEchoed()
    {
        await using var world = await TestWorld.StartAsync();
        var validation = Events.SubscriptionValidation("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");

        var (status, body) = await world.PostEventsAsync(validation, new Dictionary<string, string>());

        Assert.Equal(401, status);
        Assert.DoesNotContain("512d38b6", body, StringComparison.Ordinal);
        Assert.Empty(await world.InstancesAsync(""));
    }

    [Fact]
    public async Task Webhook_AuthenticationNotConfigured_RefusesEveryDelivery_AndWarnsOnceAtStart()
    {
        await using var world = await TestWorld.StartAsync(webhookAuthentication: false);
        foreach (var hosted in world.Services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        world.Emulator.Journal.Clear();
        var withToken = await world.PostEventsAsync(Delivery, Bearer(TestWebhookIssuer.Default.Token()));
        var withoutToken = await world.PostEventsAsync(Delivery, new Dictionary<string, string>());

        Assert.Equal(401, withToken.Status);
        Assert.Equal(401, withoutToken.Status);
        Assert.Contains("webhook authentication is not configured", Error(withToken.Body), StringComparison.Ordinal);
        Assert.Equal(1, world.Logs.Count("refuses every delivery: its authentication is not configured"));
        await AssertNothingHappenedAsync(world, []);
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("eventgrid.azure.net.attacker.example")]
    [InlineData("eventgrid.azure.net, attacker.example")]
    public async Task Options_HandshakeFromAnotherOrigin_Is403_AndNoOriginIsAllowed(string origin)
    {
        await using var world = await TestWorld.StartAsync();
        var request = TestWorld.Request("OPTIONS", headers: new Dictionary<string, string> { ["WebHook-Request-Origin"] = origin });

        var (status, body) = world.Read(await world.Webhook.HandleAsync(request, world.Client, CancellationToken.None));

        Assert.Equal(403, status);
        Assert.Contains("Only Event Grid's origin (eventgrid.azure.net)", Error(body), StringComparison.Ordinal);
        Assert.False(request.HttpContext.Response.Headers.ContainsKey("WebHook-Allowed-Origin"));
    }

    [Fact]
    public async Task Options_EventGridOriginInAnyCase_IsAllowedWithoutToken()
    {
        await using var world = await TestWorld.StartAsync();
        var request = TestWorld.Request("OPTIONS", headers: new Dictionary<string, string> { ["WebHook-Request-Origin"] = "EventGrid.Azure.NET" });

        var (status, _) = world.Read(await world.Webhook.HandleAsync(request, world.Client, CancellationToken.None));

        Assert.Equal(200, status);
        Assert.Equal(EventGridWebhookHandler.EventGridOrigin, request.HttpContext.Response.Headers["WebHook-Allowed-Origin"].ToString());
    }

    [Fact]
    public async Task Webhook_TokenSignedWithTheTenantsNewKey_Is503UntilTheKeysAreReadAgain_ThenAccepted()
    {
        using var issuer = new TestWebhookIssuer("key-before");
        await using var world = await TestWorld.StartAsync(webhookIssuer: issuer);
        Assert.Equal(200, (await world.PostEventsAsync(Events.ClusterWrite(AksResearch))).Status);

        issuer.RollOver("key-after");
        var first = await world.PostEventsAsync(Events.ClusterWrite(AksProd));

        // 503, not 401: Event Grid drops a delivery answered 401 but retries a 503.
        Assert.Equal(503, first.Status);
        Assert.Contains("being read again", Error(first.Body), StringComparison.Ordinal);

        // The keys are read again in the background (IdentityModel's ConfigurationManager); Event Grid's retry finds them.
        var retried = first;
        for (var attempt = 0; attempt < 200 && retried.Status != 200; attempt++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
            retried = await world.PostEventsAsync(Events.ClusterWrite(AksProd));
        }

        Assert.True(retried.Status == 200, retried.Body);
        Assert.Equal(2, issuer.MetadataReads);
    }

    [Theory]
    [InlineData(-60, true)]
    [InlineData(60, true)]
    [InlineData(110, true)]
    [InlineData(130, false)]
    [InlineData(3600, false)]
    public async Task Authenticator_TokenLifetime_IsCheckedAgainstTheTimeProviderWithTwoMinutesSkew(int secondsAfterExpiry, bool accepted)
    {
        var expires = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var clock = new FixedClock(expires.AddSeconds(secondsAfterExpiry));
        using var http = new IssuerMetadataClients(TestWebhookIssuer.Default);
        var options = Options.Create(new EventGridOptions());
        TestWebhookIssuer.Configure(options.Value);
        var authenticator = new EntraWebhookAuthenticator(options, new WebhookSignInMetadata(options, http), clock, NullLogger<EntraWebhookAuthenticator>.Instance);
        var request = TestWorld.Request("POST", "[]", headers: Bearer(TestWebhookIssuer.Default.Token(notBefore: expires.AddHours(-1), expires: expires)));

        var refusal = await authenticator.AuthenticateAsync(request, CancellationToken.None);

        Assert.True(accepted == refusal is null, $"clock {clock.GetUtcNow():O}, token expires {expires:O}: {refusal}");
        if (!accepted)
        {
            Assert.Equal(new WebhookRefusal(401, "the access token has expired"), refusal);
        }
    }

    private static async Task AssertNothingHappenedAsync(TestWorld world, Dictionary<string, string> sent)
    {
        Assert.Empty(await world.InstancesAsync(""));
        Assert.Equal(0, world.WritesInJournal());
        var token = sent.GetValueOrDefault("Authorization")?.Split(' ').LastOrDefault();
        if (token is { Length: > 10 })
        {
            Assert.DoesNotContain(world.Logs.Lines.Concat(world.Responses), l => l.Contains(token, StringComparison.Ordinal));
        }

        world.AssertNoSecretsLeaked();
    }

    private static string Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;

    private static Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = "Bearer " + token };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The metadata client the product would get from its HTTP client factory, answered by the issuer.</summary>
    private sealed class IssuerMetadataClients(TestWebhookIssuer issuer) : IHttpClientFactory, IDisposable
    {
        private readonly HttpMessageHandler _handler = issuer.MetadataHandler();

        public HttpClient CreateClient(string name) => new(_handler, disposeHandler: false);

        public void Dispose() => _handler.Dispose();
    }
}
