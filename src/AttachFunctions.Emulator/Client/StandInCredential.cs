using Azure.Core;

namespace AttachFunctions.Emulator.Client;

/// <summary>
/// A credential for the local stand-in (the emulator) only: it issues unsigned tokens of the form
/// <c>aud=SCOPE;oid=PRINCIPAL</c> that the stand-in reads to know the audience and who is calling. Real Azure
/// rejects them; production uses <c>DefaultAzureCredential</c>.
/// </summary>
public sealed class StandInCredential : TokenCredential
{
    private readonly string _principalId;
    private readonly TimeProvider _time;

    public StandInCredential(string principalId, TimeProvider? time = null)
    {
        _principalId = principalId;
        _time = time ?? TimeProvider.System;
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new($"aud={string.Join(',', requestContext.Scopes)};oid={_principalId}", _time.GetUtcNow().AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
