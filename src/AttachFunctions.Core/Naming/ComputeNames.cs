using System.Text.RegularExpressions;

namespace AttachFunctions.Core.Naming;

/// <summary>
/// Azure ML compute name rules: 2–16 letters, digits or hyphens (Microsoft Learn, "Naming rules and restrictions for
/// Azure resources", Microsoft.MachineLearningServices workspaces / computes), a letter first (the Azure ML tooling's
/// compute name check) and a letter or digit last (the studio's rule, as quoted in terraform-provider-azurerm
/// internal/services/machinelearning/validate/compute_cluster_name.go). The REST spec gives computeName no pattern, so
/// the name is held to every one of these: a name that passes is accepted wherever Azure checks it.
/// </summary>
public static partial class ComputeNames
{
    public const int MinLength = 2;
    public const int MaxLength = 16;

    public static bool IsValid(string? name, out string reason)
    {
        if (string.IsNullOrEmpty(name) || name.Length < MinLength || name.Length > MaxLength)
        {
            reason = $"a compute name has {MinLength}–{MaxLength} characters ('{KubernetesNames.Printable(name ?? "")}' has {name?.Length ?? 0})";
            return false;
        }

        if (!Pattern().IsMatch(name))
        {
            reason = $"'{KubernetesNames.Printable(name)}' is not a valid compute name: start with a letter, then use only letters, digits and '-'";
            return false;
        }

        if (!char.IsAsciiLetterOrDigit(name[^1]))
        {
            reason = $"'{KubernetesNames.Printable(name)}' is not a valid compute name: it ends with '{name[^1]}', and a compute name ends with a letter or digit";
            return false;
        }

        reason = "";
        return true;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
