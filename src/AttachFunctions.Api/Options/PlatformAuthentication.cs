using Microsoft.Extensions.Configuration;

namespace AttachFunctions.Api.Options;

/// <summary>
/// Whether App Service Authentication (Easy Auth) fronts the app, as the platform says it: App Service injects the
/// read-only <c>WEBSITE_AUTH_ENABLED</c> when authentication is on (authsettingsV2 <c>platform.enabled</c>; Microsoft Learn,
/// "Environment variables and app settings in Azure App Service"). Only then does the platform strip a client's own
/// <c>X-MS-CLIENT-PRINCIPAL</c> header and set it from a validated token, so only then can the app trust that header. Not
/// one of the app's settings: it is read as the platform sets it and never bound from a section.
/// </summary>
public sealed record PlatformAuthentication(bool Enabled)
{
    public const string Setting = "WEBSITE_AUTH_ENABLED";

    public static PlatformAuthentication From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(string.Equals(configuration[Setting], "true", StringComparison.OrdinalIgnoreCase));
    }
}
