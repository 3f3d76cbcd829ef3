namespace AttachFunctions.Core.Roles;

/// <summary>
/// The workspace identities (Entra object ids of their principals) the deployment allows to receive cluster-level
/// roles: Reader, Kubernetes Extension Contributor and Azure Kubernetes Service Cluster Admin Role on a cluster, Azure
/// Relay Owner on an Arc cluster's Relay namespace. Written by the deployment into the app setting
/// <c>Security__WorkspaceIdentityPrincipalIds</c> (the same list feeds the ABAC condition on the automation's own
/// role assignment). Empty means none: the secure default.
/// </summary>
public sealed class WorkspaceIdentityAllowList
{
    /// <summary>The app setting the deployment writes.</summary>
    public const string SettingName = "Security__WorkspaceIdentityPrincipalIds";

    /// <summary>Most principals the setting may list (a deployment lists a handful of workspace identities).</summary>
    public const int MaxPrincipals = 100;

    private static readonly char[] Separators = [',', ';'];

    private readonly HashSet<Guid> _principals;

    private WorkspaceIdentityAllowList(HashSet<Guid> principals)
    {
        _principals = principals;
    }

    /// <summary>No workspace identity may receive cluster-level roles.</summary>
    public static WorkspaceIdentityAllowList None { get; } = new([]);

    public int Count => _principals.Count;

    public bool IsEmpty => _principals.Count == 0;

    /// <summary>The allowed principals, as lower-case GUIDs, sorted.</summary>
    public IReadOnlyList<string> Principals => _principals.Select(p => p.ToString("D")).Order(StringComparer.Ordinal).ToArray();

    /// <summary>True when <paramref name="principalId"/> is a GUID on the list.</summary>
    public bool Allows(string? principalId) => Guid.TryParse(principalId, out var guid) && _principals.Contains(guid);

    /// <summary>
    /// Parses a comma- or semicolon-separated list of principal (object) ids, each a GUID in its usual 36-character form;
    /// blanks around entries and empty entries are ignored; an empty or absent value means none. Errors name the offending entry.
    /// </summary>
    public static bool TryParse(string? text, out WorkspaceIdentityAllowList allowList, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var principals = new HashSet<Guid>();
        var entries = (text ?? "").Split(Separators, StringSplitOptions.TrimEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.Length == 0)
            {
                continue;
            }

            if (!Guid.TryParseExact(entry, "D", out var guid))
            {
                problems.Add($"{SettingName}: entry {i + 1} ('{entry}') is not a principal (object) id; write GUIDs like 33333333-0000-0000-0000-000000000001, separated by ',' or ';'.");
                continue;
            }

            principals.Add(guid);
        }

        if (principals.Count > MaxPrincipals)
        {
            problems.Add($"{SettingName}: lists {principals.Count} principals; at most {MaxPrincipals} are accepted.");
        }

        allowList = problems.Count == 0 ? new WorkspaceIdentityAllowList(principals) : None;
        errors = problems;
        return problems.Count == 0;
    }

    /// <summary>Parses, throwing <see cref="FormatException"/> with every error when the text is not valid.</summary>
    public static WorkspaceIdentityAllowList Parse(string? text) =>
        TryParse(text, out var list, out var errors) ? list : throw new FormatException(string.Join(" ", errors));
}
