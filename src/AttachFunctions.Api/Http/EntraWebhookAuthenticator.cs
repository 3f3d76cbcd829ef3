using AttachFunctions.Api.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AttachFunctions.Api.Http;

/// <summary>
/// Authenticates an Event Grid webhook POST by the Entra access token Event Grid sends with every delivery once the
/// subscription names the webhook's application (Microsoft Learn, "Deliver events to Microsoft Entra protected
/// endpoints": "Event Grid is now passing the Microsoft Entra bearer token to the webhook client in every message. You'll
/// need to validate the authorization token in your webhook."). The platform lets the request through anonymously; this
/// is the check. Accepted: a JWT signed with RS256 by a key of the tenant's OpenID metadata, issued by that tenant (its v1
/// issuer <c>https://sts.windows.net/{tenant}/</c> or its v2 issuer <c>{authority}{tenant}/v2.0</c>), for audience
/// <c>{clientId}</c> or <c>api://{clientId}</c>, inside its lifetime (exp required; a small clock skew, against the
/// <see cref="TimeProvider"/>), whose <c>roles</c> claim holds the required app role. Anything else: 401 (403 for a valid
/// token without the role), with a reason that never quotes the token. Unconfigured: every delivery is refused.
/// </summary>
public sealed class EntraWebhookAuthenticator : IWebhookAuthenticator
{
    public const string NotConfigured = "webhook authentication is not configured (set EventGrid__WebhookClientId and EventGrid__WebhookTenantId)";

    /// <summary>How far the token's nbf/exp may be off this machine's clock.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private const string Scheme = "Bearer";
    private const string RolesClaim = "roles";

    private readonly EventGridOptions _options;
    private readonly WebhookSignInMetadata _metadata;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JsonWebTokenHandler _tokens = new() { MapInboundClaims = false };

    public EntraWebhookAuthenticator(IOptions<EventGridOptions> options, WebhookSignInMetadata metadata, TimeProvider time, ILogger<EntraWebhookAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metadata = metadata;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<WebhookRefusal?> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_options.WebhookAuthenticationConfigured)
        {
            return new WebhookRefusal(401, NotConfigured);
        }

        if (ReadToken(request) is not { } token)
        {
            return request.Headers.Authorization.Count == 0
                ? new WebhookRefusal(401, "no access token (the Authorization header is missing)")
                : new WebhookRefusal(401, "the Authorization header is malformed: it must be the token scheme followed by one access token (a JWT)");
        }

        if (!_tokens.CanReadToken(token))
        {
            return new WebhookRefusal(401, "the access token is not a well-formed JWT");
        }

        TokenValidationResult result;
        try
        {
            result = await ValidateAsync(token, ct);
            if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException && _metadata.RequestRefresh(_time.GetUtcNow()))
            {
                // A key the cached metadata does not list: the tenant may have rolled its keys. They are read again in the
                // background; until then answer 503 so Event Grid delivers again (a 401 would be dropped, not retried).
                ApiLog.WebhookSigningKeysRefreshed(_logger);
                result = await ValidateAsync(token, ct);
                if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
                {
                    return new WebhookRefusal(503, "the access token is signed with a key not among the tenant's keys read so far; they are being read again: deliver again");
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ApiLog.WebhookMetadataUnavailable(_logger, _metadata.Address?.AbsoluteUri ?? "(none)", ex.GetType().Name);
            return new WebhookRefusal(503, "the tenant's sign-in metadata could not be read to check the access token; deliver again");
        }

        if (!result.IsValid)
        {
            return new WebhookRefusal(401, Explain(result.Exception));
        }

        if (LifetimeProblem((JsonWebToken)result.SecurityToken) is { } lifetime)
        {
            return new WebhookRefusal(401, lifetime);
        }

        var roles = result.ClaimsIdentity.FindAll(RolesClaim).Select(c => c.Value);
        return roles.Contains(_options.WebhookRequiredRole, StringComparer.Ordinal)
            ? null
            : new WebhookRefusal(403, $"the access token does not hold the app role '{_options.WebhookRequiredRole}'");
    }

    /// <summary>The token of a single <c>Bearer &lt;jwt&gt;</c> Authorization header; null otherwise.</summary>
    private static string? ReadToken(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header)
        {
            return null;
        }

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !string.Equals(header[..space], Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[(space + 1)..].Trim();
        return token.Length == 0 || token.Contains(' ', StringComparison.Ordinal) ? null : token;
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken ct)
    {
        var metadata = await _metadata.GetAsync(ct);
        var tenant = _options.WebhookTenantId!;
        var clientId = _options.WebhookClientId!;
        return await _tokens.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuers = [$"https://sts.windows.net/{tenant}/", $"{_options.WebhookAuthority.AbsoluteUri}{tenant}/v2.0"],
            ValidAudiences = [clientId, $"api://{clientId}"],
            IssuerSigningKeys = metadata.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireAudience = true,
            ValidateIssuer = true,
            ValidateAudience = true,

            // The lifetime is checked against our TimeProvider after the signature (LifetimeProblem).
            ValidateLifetime = false,
        });
    }

    /// <summary>Null when now (± <see cref="ClockSkew"/>) is inside the token's nbf..exp; an exp is required.</summary>
    private string? LifetimeProblem(JsonWebToken token)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out _))
        {
            return "the access token has no expiry";
        }

        if (token.ValidTo + ClockSkew < now)
        {
            return "the access token has expired";
        }

        return token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out _) && token.ValidFrom - ClockSkew > now
            ? "the access token is not valid yet"
            : null;
    }

    /// <summary>Why the token was refused, in our words (the library's messages may quote parts of the token).</summary>
    private static string Explain(Exception? error) => error switch
    {
        SecurityTokenInvalidAudienceException => "the access token is not issued for the webhook's application (audience)",
        SecurityTokenInvalidIssuerException => "the access token is not issued by the webhook's tenant (issuer)",
        SecurityTokenInvalidAlgorithmException => "the access token is not signed with RS256 (unsigned tokens and other algorithms are refused)",
        SecurityTokenSignatureKeyNotFoundException => "the access token is not signed by a key of the webhook's tenant",
        SecurityTokenInvalidSignatureException => "the access token's signature is missing or not valid (unsigned tokens are refused)",
        SecurityTokenMalformedException => "the access token is not a well-formed JWT",
        _ => "the access token is not valid",
    };
}
