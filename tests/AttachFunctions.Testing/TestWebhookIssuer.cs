using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AttachFunctions.Api.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AttachFunctions.Testing;

/// <summary>
/// A stand-in for the Entra tenant that issues Event Grid's webhook tokens: a locally made RSA signing key, the tenant's
/// sign-in metadata and keys served by an in-memory handler (given to the product's named metadata client), and tokens
/// signed with that key. The product checks them with its real validation; nothing in the product is switched off.
/// </summary>
public sealed class TestWebhookIssuer : IDisposable
{
    public const string TenantId = SampleIds.Tenant;
    public const string OtherTenantId = "bbbbbbbb-0000-0000-0000-000000000002";
    public const string ClientId = "77777777-0000-0000-0000-000000000001";
    public const string Role = EventGridOptions.DefaultWebhookRole;
    public const string Authority = "https://login.microsoftonline.com/";

    private RSA _rsa = RSA.Create(2048);
    private RsaSecurityKey _key;
    private int _metadataReads;

    public TestWebhookIssuer(string keyId = "test-key-1")
    {
        _key = new RsaSecurityKey(_rsa) { KeyId = keyId };
    }

    /// <summary>One issuer for every world of a test run (the bench posts through it too).</summary>
    public static TestWebhookIssuer Default { get; } = new();

    public static string V1Issuer(string tenant = TenantId) => $"https://sts.windows.net/{tenant}/";

    public static string V2Issuer(string tenant = TenantId) => $"{Authority}{tenant}/v2.0";

    public string KeyId => _key.KeyId;

    /// <summary>How often the product read the metadata document (cached reads do not count).</summary>
    public int MetadataReads => Volatile.Read(ref _metadataReads);

    /// <summary>The product's webhook settings for this tenant and application.</summary>
    public static void Configure(EventGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.WebhookClientId = ClientId;
        options.WebhookTenantId = TenantId;
        options.WebhookAuthority = new Uri(Authority);
    }

    /// <summary>A token as Event Grid gets it for the webhook's application (v1 issuer, GUID audience, the role), valid for an hour from now.</summary>
    public string Token(
        string? audience = null, string? issuer = null, IEnumerable<string>? roles = null, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null)
    {
        var now = DateTimeOffset.UtcNow;
        var from = notBefore ?? now.AddMinutes(-5);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? V1Issuer(),
            Audience = audience ?? ClientId,
            IssuedAt = from.UtcDateTime,
            NotBefore = from.UtcDateTime,
            Expires = (expires ?? now.AddHours(1)).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["roles"] = (roles ?? [Role]).ToArray(),
                ["appid"] = "4962773b-9cdb-44cf-a8bf-237846a00ab7",
                ["tid"] = TenantId,
            },
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The tenant rolls its signing key: tokens are signed, and the keys document lists, only the new one from now on.</summary>
    public void RollOver(string keyId)
    {
        var old = _rsa;
        _rsa = RSA.Create(2048);
        _key = new RsaSecurityKey(_rsa) { KeyId = keyId };
        old.Dispose();
    }

    /// <summary>The Authorization header value of <see cref="Token"/>.</summary>
    public string AuthorizationHeader() => "Bearer " + Token();

    /// <summary>A token with <c>alg: none</c> and no signature, otherwise like <see cref="Token"/>.</summary>
    public static string UnsignedToken()
    {
        var now = DateTimeOffset.UtcNow;
        var header = Base64Url(JsonSerializer.Serialize(new { alg = "none", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = V1Issuer(),
            ["aud"] = ClientId,
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["roles"] = new[] { Role },
        }));
        return $"{header}.{payload}.";
    }

    /// <summary>Serves this tenant's openid-configuration and keys (https, as the product requires); 404 for anything else.</summary>
    public HttpMessageHandler MetadataHandler() => new Metadata(this);

    public void Dispose() => _rsa.Dispose();

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    private sealed class Metadata(TestWebhookIssuer issuer) : HttpMessageHandler
    {
        private static readonly string Configuration = $"{Authority}{TenantId}/v2.0/.well-known/openid-configuration";
        private static readonly string Keys = $"{Authority}{TenantId}/discovery/v2.0/keys";
        private static readonly string[] SigningAlgorithms = ["RS256"];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri?.AbsoluteUri;
            string? body = null;
            if (uri == Configuration)
            {
                Interlocked.Increment(ref issuer._metadataReads);
                body = JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["issuer"] = V2Issuer(),
                    ["jwks_uri"] = Keys,
                    ["authorization_endpoint"] = $"{Authority}{TenantId}/oauth2/v2.0/authorize",
                    ["token_endpoint"] = $"{Authority}{TenantId}/oauth2/v2.0/token",
                    ["id_token_signing_alg_values_supported"] = SigningAlgorithms,
                });
            }
            else if (uri == Keys)
            {
                var p = issuer._rsa.ExportParameters(includePrivateParameters: false);
                body = JsonSerializer.Serialize(new
                {
                    keys = new[]
                    {
                        new { kty = "RSA", use = "sig", kid = issuer.KeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) },
                    },
                });
            }

            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
