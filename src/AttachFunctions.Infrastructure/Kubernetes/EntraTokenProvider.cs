using System.Net.Http.Headers;
using Azure.Core;
using k8s.Authentication;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// Bearer tokens for an Entra-integrated AKS API server from the app's own <see cref="TokenCredential"/>, for the AKS
/// server application (<c>6dae42f8-4368-4678-94ff-3960e28e3630</c>, see Azure/kubelogin
/// <c>docs/book/src/concepts/aks.md</c>), instead of the kubeconfig's kubelogin exec plugin, which a Function App does
/// not have. Azure.Identity caches and refreshes the token.
/// </summary>
public sealed class EntraTokenProvider : ITokenProvider
{
    /// <summary>The "Azure Kubernetes Service AAD Server" application; the same in every cloud.</summary>
    public const string AksServerScope = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

    private readonly TokenCredential _credential;

    public EntraTokenProvider(TokenCredential credential)
    {
        _credential = credential;
    }

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        var token = await _credential.GetTokenAsync(new TokenRequestContext([AksServerScope]), cancellationToken);
        return new AuthenticationHeaderValue("Bearer", token.Token);
    }
}
