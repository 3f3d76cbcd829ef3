using System.Text.Json;

namespace AttachFunctions.Core.Policy;

/// <summary>
/// Loads an attach policy: parses the JSON, validates it against the JSON Schema and the semantic rules, and reports
/// every error at once with its JSONPath-style path and line. Never throws for bad input (except <see cref="LoadValid"/>).
/// </summary>
public static class PolicyLoader
{
    /// <summary>Schema keywords whose error a semantic error on the same value explains better.</summary>
    private static readonly HashSet<string> SupersededKeywords = new(StringComparer.Ordinal) { "const", "enum", "pattern", "minItems", "minLength" };

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>Loads and validates a policy document. Malformed JSON is one error with its line.</summary>
    public static PolicyLoadResult Load(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Failed(new PolicyError("$", null, null, "the policy document is empty"));
        }

        json = json.TrimStart('\uFEFF');
        var bytes = System.Text.Encoding.UTF8.GetByteCount(json);
        if (bytes > PolicyLimits.MaxPolicyBytes)
        {
            // Checked before parsing: the size of the document bounds the work of every later check.
            return Failed(new PolicyError("$", null, null,
                $"the policy is {bytes} bytes; the largest policy accepted is {PolicyLimits.MaxPolicyBytes} bytes (256 KiB, PolicyLimits.MaxPolicyBytes): split it across deployments or remove unused rules"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? (int)l + 1 : (int?)null;
            var column = ex.BytePositionInLine is { } b ? (int)b + 1 : (int?)null;
            return Failed(new PolicyError("$", line, column, $"the policy is not valid JSON: {Describe(ex)}"));
        }

        using (document)
        {
            var root = document.RootElement;
            var index = JsonLineIndex.Build(json);
            var duplicates = index.Duplicates.Select(d => new PolicyError(
                index.PathOf(d.Pointer), d.Line, d.Column, $"property '{d.Name}' appears more than once in this object; only the last one would count: keep one"));
            var raw = new List<PointerError>();

            var (semantic, semanticWarnings) = PolicySemanticValidator.Validate(root);
            var semanticPointers = semantic.Select(e => e.Pointer).ToHashSet(StringComparer.Ordinal);
            raw.AddRange(PolicySchema.Evaluate(root)
                .Where(e => !(e.Keyword is { } k && SupersededKeywords.Contains(k) && semanticPointers.Contains(e.Pointer))));
            raw.AddRange(semantic);

            var errors = duplicates
                .Concat(raw.Select(e => ToPolicyError(index, e)))
                .Distinct()
                .Select((e, order) => (Error: e, Order: order))
                .OrderBy(x => x.Error.Line ?? int.MaxValue)
                .ThenBy(x => x.Error.Column ?? int.MaxValue)
                .ThenBy(x => x.Order)
                .Select(x => x.Error)
                .ToList();
            if (errors.Count > 0)
            {
                return new PolicyLoadResult(null, errors);
            }

            try
            {
                var policy = root.Deserialize<AttachPolicy>(SerializerOptions);
                return policy is null
                    ? Failed(new PolicyError("$", 1, 1, "the policy document is null"))
                    : new PolicyLoadResult(policy, []) { Warnings = semanticWarnings.Select(w => ToPolicyError(index, w)).ToList() };
            }
            catch (JsonException ex)
            {
                return Failed(new PolicyError(ex.Path ?? "$", null, null, $"the policy cannot be read: {Describe(ex)}"));
            }
        }
    }

    /// <summary>Loads a policy file; a missing or unreadable file is one error naming the path.</summary>
    public static PolicyLoadResult LoadFile(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Failed(new PolicyError("$", null, null, "no policy file path was given"));
        }

        if (!File.Exists(path))
        {
            return Failed(new PolicyError("$", null, null, $"the policy file '{path}' does not exist"));
        }

        try
        {
            return Load(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(new PolicyError("$", null, null, $"the policy file '{path}' cannot be read: {ex.Message}"));
        }
    }

    /// <summary>Loads a policy and throws <see cref="PolicyValidationException"/> listing every error when it is not valid.</summary>
    public static AttachPolicy LoadValid(string json)
    {
        var result = Load(json);
        return result.IsValid ? result.Policy! : throw new PolicyValidationException(result.Errors);
    }

    private static PolicyError ToPolicyError(JsonLineIndex index, PointerError error)
    {
        var location = index.Locate(error.Pointer);
        return new PolicyError(index.PathOf(error.Pointer), location?.Line, location?.Column, error.Message);
    }

    private static PolicyLoadResult Failed(PolicyError error) => new(null, [error]);

    /// <summary>The exception message without the position suffix the reader appends (the error carries line and column).</summary>
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return (cut >= 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
