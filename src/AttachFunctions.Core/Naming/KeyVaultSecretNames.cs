namespace AttachFunctions.Core.Naming;

/// <summary>
/// The Key Vault secret that holds a cluster's kubeconfig: its name template may use only tokens that identify the
/// cluster itself, so that nothing a cluster's owner can set (tags) or that is shared by many clusters (workspace, team)
/// can make the automation read another cluster's kubeconfig; and the rendered name must be a valid secret name
/// (Microsoft Learn "About keys, secrets, and certificates": 1-127 characters, letters, digits and '-').
/// </summary>
public static class KeyVaultSecretNames
{
    public const int MaxLength = 127;

    /// <summary>Tokens a secret name template may use: the cluster's name and resource group.</summary>
    public static IReadOnlyList<string> AllowedTokens { get; } = ["cluster", "resourceGroup"];

    /// <summary>
    /// Checks the tokens of a secret name template. It must contain <c>{cluster}</c> (otherwise every cluster the rule
    /// matches reads the same secret) and nothing but <see cref="AllowedTokens"/>.
    /// </summary>
    public static bool IsAllowedTemplate(NameTemplate template, out string reason)
    {
        ArgumentNullException.ThrowIfNull(template);
        var tokens = template.TokenNames.ToList();
        var other = tokens.FirstOrDefault(t => !AllowedTokens.Contains(t, StringComparer.Ordinal));
        if (other is not null)
        {
            reason = other == "tag"
                ? $"the Key Vault secret name template '{template.Text}' uses a {{tag:...}} token: a cluster's tags are set by whoever manages the cluster, so a tag could select another cluster's kubeconfig; use only {{cluster}} and {{resourceGroup}}"
                : $"the Key Vault secret name template '{template.Text}' uses {{{other}}}, which does not identify the cluster (several clusters would read the same secret); use only {{cluster}} and {{resourceGroup}}";
            return false;
        }

        if (!tokens.Contains("cluster", StringComparer.Ordinal))
        {
            reason = $"the Key Vault secret name template '{template.Text}' does not use {{cluster}}, so every cluster the rule matches would read the same kubeconfig; add {{cluster}}, e.g. 'kubeconfig-{{cluster}}'";
            return false;
        }

        reason = "";
        return true;
    }

    /// <summary>A rendered secret name: 1-127 characters, ASCII letters, digits and '-'.</summary>
    public static bool IsValidName(string? name, out string reason)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            reason = $"a Key Vault secret name has 1 to {MaxLength} characters (this one has {name?.Length ?? 0})";
            return false;
        }

        var bad = name.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c == '-'));
        if (bad != default)
        {
            reason = $"a Key Vault secret name has only letters, digits and '-' ('{KubernetesNames.Printable(bad.ToString())}' is not allowed)";
            return false;
        }

        reason = "";
        return true;
    }
}
