using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AttachFunctions.Core.Policy;

/// <summary>
/// Maps a JSON pointer (<c>/rules/0/computeName</c>) to the JSONPath-style path users read
/// (<c>$.rules[0].computeName</c>) and the 1-based line and column where that value starts in the source text.
/// Built from the text with <see cref="Utf8JsonReader"/>; the text must be well-formed JSON.
/// </summary>
internal sealed partial class JsonLineIndex
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<(string Pointer, string Name, int Line, int Column)> _duplicates = [];

    private JsonLineIndex()
    {
    }

    /// <summary>Properties that appear twice in one object: the pointer, name and position of the later occurrence.</summary>
    public IReadOnlyList<(string Pointer, string Name, int Line, int Column)> Duplicates => _duplicates;

    public static JsonLineIndex Build(string json)
    {
        var index = new JsonLineIndex();
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var stack = new Stack<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var frame = stack.Peek();
                    frame.PendingName = reader.GetString() ?? "";
                    if (!frame.Names.Add(frame.PendingName))
                    {
                        var (dupLine, dupColumn) = Position(bytes, lineStarts, (int)reader.TokenStartIndex);
                        index._duplicates.Add((frame.Pointer + "/" + EscapePointer(frame.PendingName), frame.PendingName, dupLine, dupColumn));
                    }

                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    break;
                default:
                    var (pointer, path) = ValueLocation(stack);
                    var (line, column) = Position(bytes, lineStarts, (int)reader.TokenStartIndex);
                    index._entries.TryAdd(pointer, new Entry(path, line, column));
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        stack.Push(new Frame(reader.TokenType == JsonTokenType.StartArray, pointer, path));
                    }

                    break;
            }
        }

        return index;
    }

    /// <summary>The line and column of the value at <paramref name="pointer"/>, or of its nearest existing ancestor.</summary>
    public (int Line, int Column)? Locate(string pointer)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (_entries.TryGetValue(p, out var entry))
            {
                return (entry.Line, entry.Column);
            }

            if (p.Length == 0)
            {
                return null;
            }
        }
    }

    /// <summary>The JSONPath-style path of <paramref name="pointer"/>; numeric segments of unknown locations read as indexes.</summary>
    public string PathOf(string pointer)
    {
        if (_entries.TryGetValue(pointer, out var entry))
        {
            return entry.Path;
        }

        var sb = new StringBuilder("$");
        foreach (var segment in SplitPointer(pointer))
        {
            sb.Append(segment.All(char.IsAsciiDigit) && segment.Length > 0 ? $"[{segment}]" : PathSegment(segment));
        }

        return sb.ToString();
    }

    /// <summary>Escapes a property name for use in a JSON pointer (RFC 6901).</summary>
    public static string EscapePointer(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The unescaped segments of a JSON pointer.</summary>
    public static IReadOnlyList<string> SplitPointer(string pointer) =>
        pointer.Length == 0
            ? []
            : pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    private static string PathSegment(string name) =>
        SimpleName().IsMatch(name)
            ? "." + name
            : "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";

    private static (string Pointer, string Path) ValueLocation(Stack<Frame> stack)
    {
        if (stack.Count == 0)
        {
            return ("", "$");
        }

        var parent = stack.Peek();
        if (parent.IsArray)
        {
            parent.Index++;
            return ($"{parent.Pointer}/{parent.Index}", $"{parent.Path}[{parent.Index}]");
        }

        var name = parent.PendingName ?? "";
        return (parent.Pointer + "/" + EscapePointer(name), parent.Path + PathSegment(name));
    }

    private static List<int> LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Position(byte[] bytes, List<int> lineStarts, int offset)
    {
        var found = lineStarts.BinarySearch(offset);
        var line = found >= 0 ? found : ~found - 1;
        var column = 1;
        for (var i = lineStarts[line]; i < offset; i++)
        {
            // Count characters, not bytes: UTF-8 continuation bytes (10xxxxxx) do not start a character.
            if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line + 1, column);
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleName();

    private sealed record Entry(string Path, int Line, int Column);

    private sealed class Frame(bool isArray, string pointer, string path)
    {
        public bool IsArray { get; } = isArray;

        public string Pointer { get; } = pointer;

        public string Path { get; } = path;

        public int Index { get; set; } = -1;

        public string? PendingName { get; set; }

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
    }
}
