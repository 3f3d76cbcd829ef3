using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AttachFunctions.Infra.Tests;

/// <summary>The value of an ARM expression could not be known from the template alone (a runtime function or an unbound parameter).</summary>
public sealed class UnresolvedExpressionException(string message) : Exception(message);

/// <summary>The expression calls ARM's <c>fail()</c>: a real deployment with these parameters stops with this message.</summary>
public sealed class DeploymentFailsException(string message) : Exception(message);

/// <summary>
/// Evaluates the small, deterministic subset of ARM template expressions that the compiled Bicep uses to build the
/// values the security checks read (the ABAC condition, the event filter, the role definition ids): literals,
/// <c>variables()</c>, bound <c>parameters()</c>, <c>format</c>, <c>join</c>, <c>concat</c>, <c>createArray</c>,
/// <c>createObject</c>, <c>union</c>, <c>if</c>, <c>equals</c>, <c>empty</c>, <c>not</c>, <c>subscriptionResourceId</c>,
/// property access and indexing, string and array helpers (<c>toLower</c>, <c>split</c>, <c>last</c>, <c>length</c>,
/// <c>take</c>, <c>skip</c>, <c>contains</c>, <c>and</c>, <c>or</c>) and <c>fail</c> (throws
/// <see cref="DeploymentFailsException"/>). A few values only a deployment knows are taken from reserved parameters
/// that a test binds on purpose: <c>$copyIndex</c> (<c>copyIndex()</c>), <c>$tenant</c> and <c>$environment</c>, <c>$resourceGroupId</c> (<c>resourceId()</c>),
/// and <c>$outputs:&lt;module&gt;</c> (<c>reference()</c> of a module deployment's outputs). Anything else throws
/// <see cref="UnresolvedExpressionException"/>, so a check can never pass on a value it did not actually see.
/// </summary>
public sealed class ArmExpression
{
    private readonly JsonObject _template;
    private readonly IReadOnlyDictionary<string, JsonNode?> _parameters;
    private readonly string _text;
    private int _pos;

    private ArmExpression(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameters, string text)
    {
        _template = template;
        _parameters = parameters;
        _text = text;
    }

    /// <summary>Resolves a template value: strings in brackets are evaluated, objects and arrays recursively.</summary>
    public static JsonNode? Resolve(JsonNode? value, JsonObject template, IReadOnlyDictionary<string, JsonNode?>? parameters = null)
    {
        parameters ??= new Dictionary<string, JsonNode?>();
        switch (value)
        {
            case JsonValue v when v.TryGetValue<string>(out var s):
                if (s.StartsWith("[[", StringComparison.Ordinal))
                {
                    return JsonValue.Create(s[1..]);
                }

                if (s.StartsWith('[') && s.EndsWith(']'))
                {
                    var parser = new ArmExpression(template, parameters, s[1..^1]);
                    var result = parser.ParseExpression();
                    parser.SkipSpace();
                    if (parser._pos != parser._text.Length)
                    {
                        throw new UnresolvedExpressionException($"Unexpected text at {parser._pos} in '{s}'.");
                    }

                    return result;
                }

                return v.DeepClone();
            case JsonObject o:
                var obj = new JsonObject();
                foreach (var (key, child) in o)
                {
                    obj[key] = Resolve(child, template, parameters);
                }

                return obj;
            case JsonArray a:
                return new JsonArray(a.Select(child => Resolve(child, template, parameters)).ToArray());
            default:
                return value?.DeepClone();
        }
    }

    /// <summary>Resolves a value that must be a string.</summary>
    public static string ResolveString(JsonNode? value, JsonObject template, IReadOnlyDictionary<string, JsonNode?>? parameters = null) =>
        Resolve(value, template, parameters) is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new UnresolvedExpressionException($"'{value?.ToJsonString()}' does not resolve to a string.");

    private JsonNode? ParseExpression()
    {
        SkipSpace();
        JsonNode? value;
        var c = Peek();
        if (c == '\'')
        {
            value = JsonValue.Create(ParseStringLiteral());
        }
        else if (char.IsDigit(c) || c == '-')
        {
            var start = _pos++;
            while (_pos < _text.Length && char.IsDigit(_text[_pos]))
            {
                _pos++;
            }

            value = JsonValue.Create(long.Parse(_text[start.._pos], CultureInfo.InvariantCulture));
        }
        else
        {
            var name = ParseIdentifier();
            Expect('(');
            value = Call(name);
        }

        return ParseAccessors(value);
    }

    private JsonNode? ParseAccessors(JsonNode? value)
    {
        while (true)
        {
            SkipSpace();
            if (Peek() == '.')
            {
                _pos++;
                var property = ParseIdentifier();
                value = value is JsonObject o && o.TryGetPropertyValue(property, out var child)
                    ? child?.DeepClone()
                    : throw new UnresolvedExpressionException($"Property '{property}' is not on {value?.ToJsonString() ?? "null"}.");
            }
            else if (Peek() == '[')
            {
                _pos++;
                var index = ParseExpression();
                Expect(']');
                value = (value, index) switch
                {
                    (JsonArray a, JsonValue i) when i.TryGetValue<long>(out var n) && n >= 0 && n < a.Count => a[(int)n]?.DeepClone(),
                    (JsonObject o, JsonValue k) when k.TryGetValue<string>(out var key) && o.ContainsKey(key) => o[key]?.DeepClone(),
                    _ => throw new UnresolvedExpressionException($"Cannot index {value?.ToJsonString()} with {index?.ToJsonString()}."),
                };
            }
            else
            {
                return value;
            }
        }
    }

    private JsonNode? Call(string name)
    {
        if (name.Equals("if", StringComparison.OrdinalIgnoreCase))
        {
            // Lazy: only the branch taken is evaluated, so a runtime-only value in the other branch does not matter.
            var condition = AsBool(ParseExpression());
            Expect(',');
            var whenTrue = condition ? ParseExpression() : SkipArgument();
            Expect(',');
            var whenFalse = condition ? SkipArgument() : ParseExpression();
            Expect(')');
            return condition ? whenTrue : whenFalse;
        }

        if (name.Equals("reference", StringComparison.OrdinalIgnoreCase))
        {
            return ModuleOutputs();
        }

        var args = new List<JsonNode?>();
        SkipSpace();
        if (Peek() != ')')
        {
            while (true)
            {
                args.Add(ParseExpression());
                SkipSpace();
                if (Peek() == ',')
                {
                    _pos++;
                    continue;
                }

                break;
            }
        }

        Expect(')');
        return name.ToLowerInvariant() switch
        {
            "variables" => Variable(AsString(args[0])),
            "parameters" => _parameters.TryGetValue(AsString(args[0]), out var p)
                ? p?.DeepClone()
                : throw new UnresolvedExpressionException($"Parameter '{AsString(args[0])}' is not bound."),
            "format" => JsonValue.Create(string.Format(
                CultureInfo.InvariantCulture, AsString(args[0]), args.Skip(1).Select(AsFormatArgument).ToArray())),
            "join" => JsonValue.Create(string.Join(AsString(args[1]), AsArray(args[0]).Select(AsString))),
            "concat" => args.All(a => a is JsonArray)
                ? new JsonArray(args.SelectMany(a => AsArray(a)).Select(n => n?.DeepClone()).ToArray())
                : JsonValue.Create(string.Concat(args.Select(AsString))),
            "createarray" => new JsonArray(args.Select(a => a?.DeepClone()).ToArray()),
            "createobject" => CreateObject(args),
            "union" => Union(args),
            "equals" => JsonValue.Create(JsonNode.DeepEquals(args[0], args[1])),
            "empty" => JsonValue.Create(args[0] switch
            {
                null => true,
                JsonArray a => a.Count == 0,
                JsonObject o => o.Count == 0,
                JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
                _ => false,
            }),
            "not" => JsonValue.Create(!AsBool(args[0])),
            "null" => null,
            "string" => JsonValue.Create(args[0] is JsonValue sv && sv.TryGetValue<string>(out var str) ? str : args[0]?.ToJsonString()),
            "fail" => throw new DeploymentFailsException(AsString(args[0])),
            "copyindex" => Reserved("$copyIndex"),
            "tenant" => Reserved("$tenant"),
            "environment" => Reserved("$environment"),
            "tolower" => JsonValue.Create(AsString(args[0]).ToLowerInvariant()),
            "split" => new JsonArray(AsString(args[0]).Split(AsString(args[1])).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
            "last" => args[0] is JsonArray la ? la[^1]?.DeepClone() : JsonValue.Create(AsString(args[0])[^1..]),
            "length" => JsonValue.Create((long)(args[0] is JsonArray lena ? lena.Count : args[0] is JsonObject leno ? leno.Count : AsString(args[0]).Length)),
            "take" => new JsonArray(AsArray(args[0]).Take((int)AsLong(args[1])).Select(n => n?.DeepClone()).ToArray()),
            "skip" => new JsonArray(AsArray(args[0]).Skip((int)AsLong(args[1])).Select(n => n?.DeepClone()).ToArray()),
            "contains" => JsonValue.Create(args[0] switch
            {
                JsonArray ca => ca.Any(n => JsonNode.DeepEquals(n, args[1])),
                JsonObject co => co.ContainsKey(AsString(args[1])),
                _ => AsString(args[0]).Contains(AsString(args[1]), StringComparison.Ordinal),
            }),
            "and" => JsonValue.Create(args.All(AsBool)),
            "or" => JsonValue.Create(args.Any(AsBool)),
            "resourceid" => JsonValue.Create(
                $"{AsString(Reserved("$resourceGroupId"))}/providers/{AsString(args[0])}/{string.Join('/', args.Skip(1).Select(AsString))}"),
            "subscriptionresourceid" => JsonValue.Create(
                $"/subscriptions/{{subscriptionId}}/providers/{AsString(args[0])}/{string.Join('/', args.Skip(1).Select(AsString))}"),
            _ => throw new UnresolvedExpressionException($"Function '{name}' has no value before deployment."),
        };
    }

    private JsonNode? Reserved(string name) =>
        _parameters.TryGetValue(name, out var value)
            ? value?.DeepClone()
            : throw new UnresolvedExpressionException($"'{name}' is only known during a deployment and was not bound.");

    /// <summary><c>reference(...)</c> of a module deployment: its outputs, from <c>$outputs:&lt;deployment name&gt;</c>.</summary>
    private JsonObject ModuleOutputs()
    {
        var start = _pos;
        while (true)
        {
            SkipArgument();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }

            break;
        }

        var raw = _text[start.._pos];
        Expect(')');
        var match = System.Text.RegularExpressions.Regex.Match(raw, @"'Microsoft\.Resources/deployments',\s*'(?<name>[^']+)'");
        if (!match.Success || !_parameters.TryGetValue("$outputs:" + match.Groups["name"].Value, out var outputs) || outputs is not JsonObject values)
        {
            throw new UnresolvedExpressionException($"reference({raw}) is only known during a deployment.");
        }

        var result = new JsonObject();
        foreach (var (key, value) in values)
        {
            result[key] = new JsonObject { ["value"] = value?.DeepClone() };
        }

        return new JsonObject { ["outputs"] = result };
    }

    private JsonNode? Variable(string name)
    {
        if (_template["variables"] is not JsonObject variables || !variables.TryGetPropertyValue(name, out var raw))
        {
            throw new UnresolvedExpressionException($"Variable '{name}' is not defined in the template.");
        }

        return Resolve(raw, _template, _parameters);
    }

    private static JsonObject CreateObject(List<JsonNode?> args)
    {
        var obj = new JsonObject();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            obj[AsString(args[i])] = args[i + 1]?.DeepClone();
        }

        return obj;
    }

    private static JsonNode Union(List<JsonNode?> args)
    {
        if (args.All(a => a is JsonArray))
        {
            var seen = new List<JsonNode?>();
            foreach (var item in args.SelectMany(a => AsArray(a)))
            {
                if (!seen.Any(s => JsonNode.DeepEquals(s, item)))
                {
                    seen.Add(item?.DeepClone());
                }
            }

            return new JsonArray(seen.ToArray());
        }

        var obj = new JsonObject();
        foreach (var arg in args)
        {
            foreach (var (key, value) in arg as JsonObject ?? throw new UnresolvedExpressionException("union() mixes objects and arrays."))
            {
                obj[key] = value?.DeepClone();
            }
        }

        return obj;
    }

    private JsonNode? SkipArgument()
    {
        var depth = 0;
        var inString = false;
        for (; _pos < _text.Length; _pos++)
        {
            var c = _text[_pos];
            if (inString)
            {
                if (c == '\'')
                {
                    if (_pos + 1 < _text.Length && _text[_pos + 1] == '\'')
                    {
                        _pos++;
                    }
                    else
                    {
                        inString = false;
                    }
                }

                continue;
            }

            switch (c)
            {
                case '\'': inString = true; break;
                case '(' or '[': depth++; break;
                case ')' or ']' when depth == 0: return null;
                case ')' or ']': depth--; break;
                case ',' when depth == 0: return null;
            }
        }

        return null;
    }

    private string ParseStringLiteral()
    {
        Expect('\'');
        var sb = new StringBuilder();
        while (_pos < _text.Length)
        {
            var c = _text[_pos++];
            if (c == '\'')
            {
                if (_pos < _text.Length && _text[_pos] == '\'')
                {
                    sb.Append('\'');
                    _pos++;
                    continue;
                }

                return sb.ToString();
            }

            sb.Append(c);
        }

        throw new UnresolvedExpressionException($"Unterminated string in '{_text}'.");
    }

    private string ParseIdentifier()
    {
        SkipSpace();
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '$' or '#'))
        {
            _pos++;
        }

        return _pos > start
            ? _text[start.._pos]
            : throw new UnresolvedExpressionException($"Expected a name at {start} in '{_text}'.");
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c)
        {
            throw new UnresolvedExpressionException($"Expected '{c}' at {_pos} in '{_text}'.");
        }

        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private static string AsString(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new UnresolvedExpressionException($"Expected a string, got {node?.ToJsonString() ?? "null"}.");

    private static object AsFormatArgument(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? string.Empty;

    private static bool AsBool(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<bool>(out var b)
            ? b
            : throw new UnresolvedExpressionException($"Expected a boolean, got {node?.ToJsonString() ?? "null"}.");

    private static long AsLong(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var n)
            ? n
            : throw new UnresolvedExpressionException($"Expected a number, got {node?.ToJsonString() ?? "null"}.");

    private static JsonArray AsArray(JsonNode? node) =>
        node as JsonArray ?? throw new UnresolvedExpressionException($"Expected an array, got {node?.ToJsonString() ?? "null"}.");
}
