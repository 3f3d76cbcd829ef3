using Azure.Core;

namespace AttachFunctions.Emulator.Tests;

/// <summary>Issues emulator tokens (<c>aud=&lt;scopes&gt;;oid=&lt;principal&gt;</c>, see BearerToken) for whatever scopes are asked.</summary>
internal sealed class FakeCredential(string principal = TestWorld.Caller) : TokenCredential
{
    public List<string> RequestedScopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        RequestedScopes.AddRange(requestContext.Scopes);
        return new AccessToken($"aud={string.Join(",", requestContext.Scopes)};oid={principal}", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
