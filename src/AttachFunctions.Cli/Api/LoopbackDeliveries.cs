using AttachFunctions.Api.Http;
using Microsoft.AspNetCore.Http;

namespace AttachFunctions.Cli.Api;

/// <summary>
/// serve's caller check for <c>/api/events</c>. serve is a loopback-only host against the emulator, like the local
/// Functions host it stands in for: no platform in front, no function keys on the on-demand API, and no Entra tenant to
/// issue Event Grid's token. Its boundary is <see cref="LoopbackRequestGuard"/> (loopback listener, loopback Host, JSON
/// bodies only), which every request passed before it gets here; beyond that a local delivery is accepted as the
/// on-demand API's calls are. The Functions app never uses this: its composition registers only
/// <see cref="EntraWebhookAuthenticator"/>.
/// </summary>
internal sealed class LoopbackDeliveries : IWebhookAuthenticator
{
    public ValueTask<WebhookRefusal?> AuthenticateAsync(HttpRequest request, CancellationToken ct) => ValueTask.FromResult<WebhookRefusal?>(null);
}
