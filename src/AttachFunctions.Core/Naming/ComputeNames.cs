using System.Text.RegularExpressions;

namespace AttachFunctions.Core.Naming;

/// <summary>Azure ML compute name rules: 2–16 characters, a letter first, then letters, digits or hyphens.</summary>
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

        reason = "";
        return true;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
