using AttachFunctions.Api.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

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

    /// <summary>The least time between two refresh requests (IdentityModel's default RefreshInterval).</summary>
    public static readonly TimeSpan RefreshInterval = BaseConfigurationManager.DefaultRefreshInterval;

    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _manager;
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastRefresh;

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

    /// <summary>
    /// Asks for fresh metadata (a token signed with a key not seen yet: the keys may have rolled over), at most once per
    /// <see cref="RefreshInterval"/>, as IdentityModel allows. The manager reads it in the background, so the read that
    /// follows may still hold the old keys. True when this call asked.
    /// </summary>
    public bool RequestRefresh(DateTimeOffset now)
    {
        if (_manager is null)
        {
            return false;
        }

        lock (_gate)
        {
            if (_lastRefresh is { } last && now - last < RefreshInterval)
            {
                return false;
            }

            _lastRefresh = now;
        }

        _manager.RequestRefresh();
        return true;
    }

    /// <summary>Reads each document with a client from the factory; only https addresses.</summary>
    private sealed class FactoryDocumentRetriever(IHttpClientFactory http) : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            new HttpDocumentRetriever(http.CreateClient(HttpClientName)) { RequireHttps = true }.GetDocumentAsync(address, cancel);
    }
}
