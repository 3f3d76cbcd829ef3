using System.Text.RegularExpressions;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>
/// Reads who was refused what from a Kubernetes 403 Status message (kube-apiserver writes
/// <c>User "&lt;name&gt;" cannot &lt;verb&gt; resource ...</c>, k8s.io/apiserver responsewriters ForbiddenStatusError), for the
/// diagnosis only: the failure itself is recognised by status and reason, never by this text.
/// </summary>
internal static partial class KubernetesForbidden
{
    public static (string User, string Verb) Parse(string message)
    {
        var match = Refusal().Match(message ?? "");
        return match.Success ? (match.Groups[1].Value, match.Groups[2].Value) : ("the automation's identity", "use");
    }

    [GeneratedRegex("User \"([^\"]{1,256})\" cannot ([a-z]{1,32}) ", RegexOptions.CultureInvariant)]
    private static partial Regex Refusal();
}
