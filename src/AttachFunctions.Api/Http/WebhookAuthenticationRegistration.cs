using AttachFunctions.Api.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Http;

/// <summary>The webhook's caller check: the Entra token validation, its sign-in metadata client and the start-up notice.</summary>
public static class WebhookAuthenticationRegistration
{
    /// <summary>Event Grid waits 30 s for an answer; reading the metadata must not use it all.</summary>
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddWebhookAuthentication(this IServiceCollection services)
    {
        services.AddHttpClient(WebhookSignInMetadata.HttpClientName, client => client.Timeout = MetadataTimeout);
        services.AddSingleton<WebhookSignInMetadata>();
        services.AddSingleton<IWebhookAuthenticator>(sp => new EntraWebhookAuthenticator(
            sp.GetRequiredService<IOptions<EventGridOptions>>(),
            sp.GetRequiredService<WebhookSignInMetadata>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<EntraWebhookAuthenticator>>()));
        services.AddHostedService<WebhookAuthenticationNotice>();
        return services;
    }
}
