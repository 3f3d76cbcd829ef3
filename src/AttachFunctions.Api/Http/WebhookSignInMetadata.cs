using AttachFunctions.Api.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AttachFunctions.Api.Http;

/// <summary>
/// The webhook tenant's OpenID Connect metadata and signing keys, read from
/// <c>{authority}{tenant}/v2.0/.well-known/openid-configuration</c> and its <c>jwks_uri</c> over https, cached and refreshed
/// by IdentityModel's <see cref="ConfigurationManager{T}"/> (Microsoft Learn, "Access tokens in the Microsoft identity
/// platform": validate the signature with the keys the metadata names, and expect them to roll over). The HTTP client is
/// the named client <see cref="HttpClientName"/>, so a host or a test can give it another handler.
/// </summary>
public sealed class WebhookSignInMetadata
{
    public const string HttpClientName = "webhook-sign-in";

    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _manager;

    public WebhookSignInMetadata(IOptions<EventGridOptions> options, IHttpClientFactory http)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        if (!o.WebhookAuthenticationConfigured || string.IsNullOrWhiteSpace(o.WebhookTenantId))
        {
            return;
        }

        Address = new Uri(o.WebhookAuthority, $"{o.WebhookTenantId}/v2.0/.well-known/openid-configuration");
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            Address.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), new FactoryDocumentRetriever(http));
    }

    /// <summary>Where the metadata is read from; null when the webhook's authentication is not configured.</summary>
    public Uri? Address { get; }

    /// <summary>The cached metadata (fetched on first use and when the refresh interval has passed).</summary>
    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken ct) =>
        (_manager ?? throw new InvalidOperationException("The webhook's authentication is not configured.")).GetConfigurationAsync(ct);

    /// <summary>Asks for fresh metadata on the next read (a token signed with a key not seen yet: the keys may have rolled over).</summary>
    public void RequestRefresh() => _manager?.RequestRefresh();

    /// <summary>Reads each document with a client from the factory; only https addresses.</summary>
    private sealed class FactoryDocumentRetriever(IHttpClientFactory http) : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            new HttpDocumentRetriever(http.CreateClient(HttpClientName)) { RequireHttps = true }.GetDocumentAsync(address, cancel);
    }
}
