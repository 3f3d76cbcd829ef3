using Microsoft.AspNetCore.Http;

namespace AttachFunctions.Api.Http;

/// <summary>Why a webhook delivery is refused: the status (401, 403 or 503) and a reason that never quotes the token.</summary>
public sealed record WebhookRefusal(int Status, string Reason);

/// <summary>
/// Decides whether a webhook POST comes from the Event Grid subscription before anything in it is read. The product's
/// one implementation is <see cref="EntraWebhookAuthenticator"/>; the composition registers nothing else.
/// </summary>
public interface IWebhookAuthenticator
{
    /// <summary>Null when the delivery may be handled; otherwise why not.</summary>
    ValueTask<WebhookRefusal?> AuthenticateAsync(HttpRequest request, CancellationToken ct);
}
