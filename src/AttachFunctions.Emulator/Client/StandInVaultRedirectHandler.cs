namespace AttachFunctions.Emulator.Client;

/// <summary>
/// For the local stand-in only: sends requests for any <c>*.vault.azure.net</c> vault to the stand-in's Key Vault
/// endpoint, so a policy written for real Azure (with real vault URIs) runs unchanged against the emulator.
/// </summary>
public sealed class StandInVaultRedirectHandler : DelegatingHandler
{
    private readonly Uri _target;

    public StandInVaultRedirectHandler(Uri target, HttpMessageHandler inner)
        : base(inner)
    {
        _target = target;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is { } uri && uri.Host.EndsWith(".vault.azure.net", StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = _target.Scheme, Host = _target.Host, Port = _target.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
