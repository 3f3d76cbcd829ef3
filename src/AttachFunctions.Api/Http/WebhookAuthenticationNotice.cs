using AttachFunctions.Api.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Http;

/// <summary>Says once, when the host starts, that the webhook refuses every delivery because its authentication is not configured.</summary>
public sealed class WebhookAuthenticationNotice : IHostedService
{
    private readonly EventGridOptions _options;
    private readonly ILogger _logger;

    public WebhookAuthenticationNotice(IOptions<EventGridOptions> options, ILogger<WebhookAuthenticationNotice> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.WebhookAuthenticationConfigured)
        {
            ApiLog.WebhookAuthenticationNotConfigured(_logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
