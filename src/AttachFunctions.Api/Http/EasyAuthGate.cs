using System.Text;
using System.Text.Json;
using AttachFunctions.Api.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Http;

/// <summary>
/// When App Service Authentication (Easy Auth) fronts the app, the on-demand API requires the configured app role from
/// the <c>X-MS-CLIENT-PRINCIPAL</c> header (Base64 JSON; roles are claims typed <c>roles</c> or the principal's
/// <c>role_typ</c>). The platform strips that header from external requests and sets it from a validated token, so it is
/// read only when the platform says its authentication is on (<see cref="PlatformAuthentication"/>). Without it the
/// header is whatever the caller sent: it is never read, and the request has no principal (the function key is then the
/// only authentication, as for every call). Function keys stay required in every case.
/// </summary>
public sealed class EasyAuthGate
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    private const string RoleClaimType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    private readonly SecurityOptions _options;
    private readonly PlatformAuthentication _platform;

    public EasyAuthGate(IOptions<SecurityOptions> options, PlatformAuthentication platform)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _platform = platform;
    }

    /// <summary>Null when the caller may proceed; otherwise the status (401/403) and the reason.</summary>
    public (int Status, string Reason)? Check(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_options.EasyAuthEnabled)
        {
            return null;
        }

        if (!_platform.Enabled)
        {
            // Start-up validation refuses this combination; should it run anyway, fail closed rather than trust the header.
            return (401, "Easy Auth is enabled in the settings but the platform's authentication is off: no caller principal can be trusted");
        }

        var header = request.Headers[PrincipalHeader].ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return (401, "authentication required");
        }

        var roles = TrustedRoles(request);
        if (roles is null)
        {
            return (401, "the client principal header is not valid");
        }

        return roles.Contains(_options.RequiredAppRole, StringComparer.Ordinal)
            ? null
            : (403, $"the caller does not hold the app role '{_options.RequiredAppRole}'");
    }

    /// <summary>
    /// The caller's app roles as the platform vouches for them; null when the request has no trusted principal: the
    /// platform's authentication is off (the header is then ignored, whatever it says), or the header is missing or invalid.
    /// </summary>
    public IReadOnlyList<string>? TrustedRoles(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[PrincipalHeader].ToString();
        if (!_platform.Enabled || string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        try
        {
            return RolesOf(Convert.FromBase64String(header));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static List<string> RolesOf(byte[] json)
    {
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(json));
        var root = doc.RootElement;
        var roleType = root.TryGetProperty("role_typ", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString() : null;
        var roles = new List<string>();
        if (root.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
        {
            foreach (var claim in claims.EnumerateArray())
            {
                var typ = claim.TryGetProperty("typ", out var t) ? t.GetString() : null;
                var val = claim.TryGetProperty("val", out var v) ? v.GetString() : null;
                if (val is not null && (typ == "roles" || typ == RoleClaimType || (roleType is not null && typ == roleType)))
                {
                    roles.Add(val);
                }
            }
        }

        return roles;
    }
}
