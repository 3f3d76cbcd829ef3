namespace AttachFunctions.Core.Policy;

/// <summary>One problem in a policy document: where (JSONPath-style path and, when known, line/column) and what is wrong.</summary>
public sealed record PolicyError(string Path, int? Line, int? Column, string Message)
{
    /// <summary>E.g. <c>$.rules[0].attachments[1].computeName (line 12, col 9): ...</c>.</summary>
    public override string ToString() =>
        Line is { } line
            ? $"{Path} (line {line}, col {Column ?? 1}): {Message}"
            : $"{Path}: {Message}";
}
