using System.Text;

namespace AttachFunctions.Core.Naming;

/// <summary>
/// A name template such as <c>{cluster:8}-{team}</c>. Tokens: <c>{cluster}</c>, <c>{resourceGroup}</c>,
/// <c>{workspace}</c>, <c>{team}</c>, <c>{tag:KEY}</c>; any token may end with <c>:N</c> to keep its first N characters.
/// Token values are lowercased, characters other than letters, digits and '-' become '-', and hyphens left at the end
/// by truncation are dropped. Literal text is kept as written.
/// </summary>
public sealed class NameTemplate
{
    private readonly IReadOnlyList<Part> _parts;

    private NameTemplate(string text, IReadOnlyList<Part> parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>True when the rendering depends on the cluster (cluster name, resource group or tags).</summary>
    public bool DependsOnCluster => _parts.Any(p => p.Token is TokenKind.Cluster or TokenKind.ResourceGroup or TokenKind.Tag);

    /// <summary>Parses a template; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out NameTemplate template, out string error)
    {
        template = new NameTemplate(text ?? "", []);
        if (string.IsNullOrEmpty(text))
        {
            error = "the template is empty";
            return false;
        }

        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '}')
            {
                error = $"unexpected '}}' at position {i + 1}";
                return false;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                error = $"'{{' at position {i + 1} is not closed";
                return false;
            }

            if (literal.Length > 0)
            {
                parts.Add(Part.Literal(literal.ToString()));
                literal.Clear();
            }

            if (!TryParseToken(text[(i + 1)..close], out var part, out error))
            {
                return false;
            }

            parts.Add(part);
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add(Part.Literal(literal.ToString()));
        }

        template = new NameTemplate(text, parts);
        error = "";
        return true;
    }

    /// <summary>Renders the template. Throws <see cref="TemplateRenderException"/> when a value it needs is missing.</summary>
    public string Render(TemplateValues values)
    {
        var sb = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part.Token == TokenKind.None)
            {
                sb.Append(part.Text);
                continue;
            }

            var raw = part.Token switch
            {
                TokenKind.Cluster => values.Cluster,
                TokenKind.ResourceGroup => values.ResourceGroup,
                TokenKind.Team => values.Team,
                TokenKind.Workspace => values.Workspace,
                TokenKind.Tag => values.Tags.TryGetValue(part.Text, out var tag) ? tag : null,
                _ => null,
            };

            if (raw is null)
            {
                throw new TemplateRenderException(Text, part.Token == TokenKind.Tag
                    ? $"the cluster has no tag '{part.Text}'"
                    : $"no value for '{{{Describe(part.Token)}}}'");
            }

            sb.Append(Sanitize(raw, part.MaxLength));
        }

        return sb.ToString();
    }

    /// <summary>
    /// Renders what is known before a cluster is matched (team, workspace) and leaves cluster-dependent tokens as written.
    /// Two templates with equal static renderings give the same name for every cluster.
    /// </summary>
    public string RenderStatic(string? team, string? workspace)
    {
        var sb = new StringBuilder();
        foreach (var part in _parts)
        {
            switch (part.Token)
            {
                case TokenKind.None:
                    sb.Append(part.Text);
                    break;
                case TokenKind.Team when team is not null:
                    sb.Append(Sanitize(team, part.MaxLength));
                    break;
                case TokenKind.Workspace when workspace is not null:
                    sb.Append(Sanitize(workspace, part.MaxLength));
                    break;
                default:
                    sb.Append('{').Append(Describe(part.Token));
                    if (part.Token == TokenKind.Tag)
                    {
                        sb.Append(':').Append(part.Text);
                    }

                    if (part.MaxLength is { } max)
                    {
                        sb.Append(':').Append(max);
                    }

                    sb.Append('}');
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>The tokens the template uses, by name (<c>cluster</c>, <c>resourceGroup</c>, <c>workspace</c>, <c>team</c>, <c>tag</c>), in order.</summary>
    public IEnumerable<string> TokenNames => _parts.Where(p => p.Token != TokenKind.None).Select(p => Describe(p.Token));

    /// <summary>True when the template uses <c>{team}</c>.</summary>
    public bool UsesTeam => _parts.Any(p => p.Token == TokenKind.Team);

    /// <summary>The shortest and longest possible renderings given the static values (null = unbounded).</summary>
    public (int Min, int? Max) LengthBounds(string? team, string? workspace)
    {
        int min = 0;
        int? max = 0;
        foreach (var part in _parts)
        {
            switch (part.Token)
            {
                case TokenKind.None:
                    min += part.Text.Length;
                    max += part.Text.Length;
                    break;
                case TokenKind.Team when team is not null:
                case TokenKind.Workspace when workspace is not null:
                    var value = Sanitize(part.Token == TokenKind.Team ? team! : workspace!, part.MaxLength);
                    min += value.Length;
                    max += value.Length;
                    break;
                default:
                    min += 1;
                    max = part.MaxLength is { } m && max is not null ? max + m : null;
                    break;
            }
        }

        return (min, max);
    }

    /// <summary>The literal text of the template (what is not a token), for character checks.</summary>
    public IEnumerable<string> Literals => _parts.Where(p => p.Token == TokenKind.None).Select(p => p.Text);

    /// <summary>True when the template begins with a token rather than literal text.</summary>
    public bool StartsWithToken => _parts.Count > 0 && _parts[0].Token != TokenKind.None;

    private static string Describe(TokenKind token) => token switch
    {
        TokenKind.Cluster => "cluster",
        TokenKind.ResourceGroup => "resourceGroup",
        TokenKind.Team => "team",
        TokenKind.Workspace => "workspace",
        TokenKind.Tag => "tag",
        _ => "?",
    };

    private static string Sanitize(string raw, int? maxLength)
    {
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw.ToLowerInvariant())
        {
            sb.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' ? c : '-');
        }

        var value = sb.ToString();
        if (maxLength is { } max && value.Length > max)
        {
            value = value[..max].TrimEnd('-');
        }

        return value;
    }

    private static bool TryParseToken(string body, out Part part, out string error)
    {
        part = Part.Literal("");
        var pieces = body.Split(':');
        var name = pieces[0];
        var kind = name switch
        {
            "cluster" => TokenKind.Cluster,
            "resourceGroup" => TokenKind.ResourceGroup,
            "team" => TokenKind.Team,
            "workspace" => TokenKind.Workspace,
            "tag" => TokenKind.Tag,
            _ => TokenKind.None,
        };

        if (kind == TokenKind.None)
        {
            error = $"unknown token '{{{body}}}'; use {{cluster}}, {{resourceGroup}}, {{workspace}}, {{team}} or {{tag:KEY}}, optionally with ':N' to keep N characters";
            return false;
        }

        var tagKey = "";
        var rest = pieces.Skip(1).ToList();
        if (kind == TokenKind.Tag)
        {
            if (rest.Count == 0 || rest[0].Length == 0)
            {
                error = "'{tag}' needs a tag key, e.g. '{tag:team}'";
                return false;
            }

            tagKey = rest[0];
            rest.RemoveAt(0);
        }

        int? maxLength = null;
        if (rest.Count > 1)
        {
            error = $"token '{{{body}}}' has too many ':' parts";
            return false;
        }

        if (rest.Count == 1)
        {
            if (!int.TryParse(rest[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1 || n > 63)
            {
                error = $"the length in '{{{body}}}' must be a whole number from 1 to 63";
                return false;
            }

            maxLength = n;
        }

        part = new Part(kind, tagKey, maxLength);
        error = "";
        return true;
    }

    private enum TokenKind
    {
        None,
        Cluster,
        ResourceGroup,
        Team,
        Workspace,
        Tag,
    }

    private sealed record Part(TokenKind Token, string Text, int? MaxLength)
    {
        public static Part Literal(string text) => new(TokenKind.None, text, null);
    }
}

/// <summary>A template could not be rendered for a cluster (e.g. a tag it uses is missing).</summary>
public sealed class TemplateRenderException : Exception
{
    public TemplateRenderException(string template, string reason)
        : base($"Template '{template}' cannot be rendered: {reason}.")
    {
        Template = template;
        Reason = reason;
    }

    public TemplateRenderException()
        : this("", "unknown")
    {
    }

    public TemplateRenderException(string message, Exception innerException)
        : base(message, innerException)
    {
        Template = "";
        Reason = message;
    }

    public string Template { get; }

    public string Reason { get; }
}
