using System.Text.Json;
using AttachFunctions.Core.Errors;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>Turns the Kubernetes client's exceptions into <see cref="KubernetesRequestException"/> (status + Status.reason).</summary>
internal static class KubernetesErrors
{
    public static KubernetesRequestException Map(HttpOperationException ex)
    {
        var status = (int)ex.Response.StatusCode;
        string reason = ex.Response.ReasonPhrase ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string message = ex.Message;
        try
        {
            var body = KubernetesJson.Deserialize<V1Status>(ex.Response.Content);
            reason = body?.Reason ?? reason;
            message = body?.Message ?? message;
        }
        catch (JsonException)
        {
            // Not a Status object: keep the HTTP reason.
        }

        return new KubernetesRequestException(status, reason, message, ex);
    }
}
