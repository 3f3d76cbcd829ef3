using System.Globalization;

namespace AttachFunctions.Infra.Tests;

/// <summary>The condition uses syntax this evaluator does not know: a test must fail loudly rather than guess.</summary>
public sealed class AbacSyntaxException(string message) : Exception(message);

/// <summary>A role assignment write or delete as a role assignment condition sees it.</summary>
/// <param name="Action">The full action, e.g. <c>Microsoft.Authorization/roleAssignments/write</c>.</param>
/// <param name="RoleDefinitionGuid">The role definition being assigned (write) or held by the assignment (delete).</param>
/// <param name="PrincipalId">The assignee.</param>
/// <param name="PrincipalType">The assignee's principal type (User, Group, ServicePrincipal, ...).</param>
public sealed record AbacRequest(string Action, Guid RoleDefinitionGuid, Guid PrincipalId, string PrincipalType)
{
    public const string WriteAction = "Microsoft.Authorization/roleAssignments/write";
    public const string DeleteAction = "Microsoft.Authorization/roleAssignments/delete";
}

/// <summary>
/// Evaluates exactly the role assignment condition syntax the Bicep emits (Microsoft Learn: "Azure role assignment
/// condition format and syntax", "Actions and attributes for Azure role assignment conditions"):
/// <c>ActionMatches{'...'}</c>; <c>@Request[...]</c> (available on roleAssignments/write only) and <c>@Resource[...]</c>
/// (on roleAssignments/delete only) of the attributes RoleDefinitionId, PrincipalId (GUIDs) and PrincipalType (string);
/// the operators <c>ForAnyOfAnyValues:</c> / <c>ForAnyOfAllValues:</c> with <c>GuidEquals</c>, <c>GuidNotEquals</c>,
/// <c>StringEqualsIgnoreCase</c>; AND, OR, NOT / !, parentheses; GUID and string set literals. Anything else, and AND
/// mixed with OR without parentheses, throws <see cref="AbacSyntaxException"/>.
/// </summary>
public sealed class AbacCondition
{
    private const string AttributePrefix = "Microsoft.Authorization/roleAssignments:";

    private static readonly Dictionary<string, bool> AttributeIsGuid = new(StringComparer.Ordinal)
    {
        ["RoleDefinitionId"] = true,
        ["PrincipalId"] = true,
        ["PrincipalType"] = false,
    };

    private readonly Node _root;

    private AbacCondition(Node root, IReadOnlyList<Comparison> comparisons)
    {
        _root = root;
        Comparisons = comparisons;
    }

    /// <summary>Every attribute comparison in the condition, in source order.</summary>
    public IReadOnlyList<Comparison> Comparisons { get; }

    public static AbacCondition Parse(string text)
    {
        var parser = new Parser(text);
        var root = parser.ParseOr();
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw new AbacSyntaxException($"Unexpected text at {parser.Position}: '{parser.Rest}'.");
        }

        return new AbacCondition(root, parser.Comparisons);
    }

    public bool Allows(AbacRequest request) => _root.Evaluate(request);

    /// <summary>An attribute compared with a set: <c>@Source[...:Attribute] Quantifier:Operator {values}</c>.</summary>
    public sealed record Comparison(string Source, string Attribute, bool AnyOfAll, string Operator, IReadOnlyList<string> Values);

    private abstract record Node
    {
        public abstract bool Evaluate(AbacRequest request);
    }

    private sealed record And(IReadOnlyList<Node> Operands) : Node
    {
        public override bool Evaluate(AbacRequest request) => Operands.All(o => o.Evaluate(request));
    }

    private sealed record Or(IReadOnlyList<Node> Operands) : Node
    {
        public override bool Evaluate(AbacRequest request) => Operands.Any(o => o.Evaluate(request));
    }

    private sealed record Not(Node Operand) : Node
    {
        public override bool Evaluate(AbacRequest request) => !Operand.Evaluate(request);
    }

    private sealed record ActionMatches(string Action) : Node
    {
        public override bool Evaluate(AbacRequest request) => string.Equals(request.Action, Action, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record AttributeTest(Comparison Comparison) : Node
    {
        public override bool Evaluate(AbacRequest request)
        {
            var (source, attribute) = (Comparison.Source, Comparison.Attribute);
            var available = source == "Request" ? AbacRequest.WriteAction : AbacRequest.DeleteAction;
            if (!string.Equals(request.Action, available, StringComparison.OrdinalIgnoreCase))
            {
                throw new AbacSyntaxException($"@{source}[{attribute}] is not available for {request.Action} (only for {available}).");
            }

            var value = attribute switch
            {
                "RoleDefinitionId" => request.RoleDefinitionGuid.ToString(),
                "PrincipalId" => request.PrincipalId.ToString(),
                _ => request.PrincipalType,
            };

            // One value on the left: ForAnyOfAnyValues = matches some listed value, ForAnyOfAllValues = matches every one.
            return Comparison.AnyOfAll
                ? Comparison.Values.All(v => Compare(value, v))
                : Comparison.Values.Any(v => Compare(value, v));
        }

        private bool Compare(string left, string right) => Comparison.Operator switch
        {
            "GuidEquals" => Guid.Parse(left, CultureInfo.InvariantCulture) == Guid.Parse(right, CultureInfo.InvariantCulture),
            "GuidNotEquals" => Guid.Parse(left, CultureInfo.InvariantCulture) != Guid.Parse(right, CultureInfo.InvariantCulture),
            _ => string.Equals(left, right, StringComparison.OrdinalIgnoreCase),
        };
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public List<Comparison> Comparisons { get; } = [];

        public int Position => _pos;

        public bool AtEnd => _pos >= text.Length;

        public string Rest => text[_pos..Math.Min(text.Length, _pos + 40)];

        public Node ParseOr()
        {
            var operands = new List<Node> { ParseUnary() };
            string? joiner = null;
            while (true)
            {
                SkipSpace();
                var word = PeekWord();
                if (word is not ("AND" or "OR"))
                {
                    break;
                }

                if (joiner is not null && joiner != word)
                {
                    throw new AbacSyntaxException($"AND and OR mixed without parentheses at {_pos}.");
                }

                joiner = word;
                _pos += word.Length;
                operands.Add(ParseUnary());
            }

            return operands.Count == 1 ? operands[0] : joiner == "AND" ? new And(operands) : new Or(operands);
        }

        public void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private Node ParseUnary()
        {
            SkipSpace();
            if (Peek() == '!')
            {
                _pos++;
                return new Not(ParseUnary());
            }

            if (PeekWord() == "NOT")
            {
                _pos += 3;
                return new Not(ParseUnary());
            }

            if (Peek() == '(')
            {
                _pos++;
                var inner = ParseOr();
                Expect(')');
                return inner;
            }

            if (Peek() == '@')
            {
                return ParseAttributeTest();
            }

            var word = PeekWord();
            if (word == "ActionMatches")
            {
                _pos += word.Length;
                Expect('{');
                var action = ParseString();
                Expect('}');
                if (action.Contains('*', StringComparison.Ordinal))
                {
                    throw new AbacSyntaxException($"Wildcard actions are not supported: '{action}'.");
                }

                return new ActionMatches(action);
            }

            throw new AbacSyntaxException($"Unknown syntax at {_pos}: '{Rest}'.");
        }

        private AttributeTest ParseAttributeTest()
        {
            Expect('@');
            var source = Word();
            if (source is not ("Request" or "Resource"))
            {
                throw new AbacSyntaxException($"Unknown attribute source '@{source}'.");
            }

            Expect('[');
            var close = text.IndexOf(']', _pos);
            if (close < 0)
            {
                throw new AbacSyntaxException("Unterminated attribute name.");
            }

            var name = text[_pos..close];
            _pos = close + 1;
            if (!name.StartsWith(AttributePrefix, StringComparison.Ordinal) || !AttributeIsGuid.TryGetValue(name[AttributePrefix.Length..], out var isGuid))
            {
                throw new AbacSyntaxException($"Unknown attribute '{name}'.");
            }

            var attribute = name[AttributePrefix.Length..];
            SkipSpace();
            var quantifier = Word();
            bool anyOfAll = quantifier switch
            {
                "ForAnyOfAnyValues" => false,
                "ForAnyOfAllValues" => true,
                _ => throw new AbacSyntaxException($"Unknown quantifier '{quantifier}' on {attribute}."),
            };
            Expect(':');
            var op = Word();
            if (op is not ("GuidEquals" or "GuidNotEquals" or "StringEqualsIgnoreCase"))
            {
                throw new AbacSyntaxException($"Unknown operator '{op}' on {attribute}.");
            }

            if (isGuid != op.StartsWith("Guid", StringComparison.Ordinal))
            {
                throw new AbacSyntaxException($"Operator '{op}' does not fit attribute {attribute}.");
            }

            var values = ParseSet(isGuid);
            var comparison = new Comparison(source, attribute, anyOfAll, op, values);
            Comparisons.Add(comparison);
            return new AttributeTest(comparison);
        }

        private List<string> ParseSet(bool guids)
        {
            Expect('{');
            var values = new List<string>();
            while (true)
            {
                SkipSpace();
                if (guids)
                {
                    var start = _pos;
                    while (_pos < text.Length && (char.IsAsciiHexDigit(text[_pos]) || text[_pos] == '-'))
                    {
                        _pos++;
                    }

                    var item = text[start.._pos];
                    if (!Guid.TryParseExact(item, "D", out _))
                    {
                        throw new AbacSyntaxException($"'{item}' at {start} is not a GUID.");
                    }

                    values.Add(item);
                }
                else
                {
                    values.Add(ParseString());
                }

                SkipSpace();
                if (Peek() == ',')
                {
                    _pos++;
                    continue;
                }

                Expect('}');
                return values.Count > 0 ? values : throw new AbacSyntaxException("Empty set.");
            }
        }

        private string ParseString()
        {
            Expect('\'');
            var end = text.IndexOf('\'', _pos);
            if (end < 0)
            {
                throw new AbacSyntaxException("Unterminated string.");
            }

            var value = text[_pos..end];
            _pos = end + 1;
            return value;
        }

        private string Word()
        {
            var start = _pos;
            while (_pos < text.Length && char.IsAsciiLetter(text[_pos]))
            {
                _pos++;
            }

            return _pos > start ? text[start.._pos] : throw new AbacSyntaxException($"Expected a word at {start}: '{Rest}'.");
        }

        private string PeekWord()
        {
            var end = _pos;
            while (end < text.Length && char.IsAsciiLetter(text[end]))
            {
                end++;
            }

            return text[_pos..end];
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                throw new AbacSyntaxException($"Expected '{c}' at {_pos}: '{Rest}'.");
            }

            _pos++;
        }
    }
}
