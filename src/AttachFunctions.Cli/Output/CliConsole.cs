using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace AttachFunctions.Cli.Output;

/// <summary>
/// Where a command writes: Spectre.Console renderers over the given writers. Colours, live displays and progress
/// bars only when the writer is the real terminal; plain text when it is redirected (or a test's writer).
/// </summary>
internal sealed class CliConsole
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public CliConsole(TextWriter output, TextWriter error, bool json, bool verbose)
    {
        Writer = output;
        ErrorWriter = error;
        Json = json;
        Verbose = verbose;
        Interactive = !json && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        Out = Create(output, Interactive);
        Err = Create(error, Interactive && ReferenceEquals(error, Console.Error));
    }

    public TextWriter Writer { get; }

    public TextWriter ErrorWriter { get; }

    /// <summary>Machine output: one JSON document on stdout, nothing else there.</summary>
    public bool Json { get; }

    public bool Verbose { get; }

    /// <summary>True on a real terminal: live displays and colours are used.</summary>
    public bool Interactive { get; }

    public IAnsiConsole Out { get; }

    public IAnsiConsole Err { get; }

    /// <summary>A human line (suppressed in JSON mode). The text is escaped: never markup.</summary>
    public void Line(string text = "")
    {
        if (Json)
        {
            return;
        }

        if (Interactive)
        {
            Out.WriteLine(text);
        }
        else
        {
            // Plain output is not wrapped: one line stays one line for grep and logs.
            Writer.WriteLine(text);
        }
    }

    /// <summary>A human line with Spectre markup (suppressed in JSON mode).</summary>
    public void Markup(string markup)
    {
        if (!Json)
        {
            Out.MarkupLine(markup);
        }
    }

    public void Heading(string text)
    {
        if (Json)
        {
            return;
        }

        Out.WriteLine();
        if (Interactive)
        {
            Out.Write(new Rule("[bold]" + Spectre.Console.Markup.Escape(text) + "[/]").LeftJustified());
        }
        else
        {
            Out.WriteLine("== " + text + " ==");
        }
    }

    public void Render(Spectre.Console.Rendering.IRenderable renderable)
    {
        if (!Json)
        {
            Out.Write(renderable);
        }
    }

    /// <summary>An error line on stderr (also in JSON mode).</summary>
    public void Error(string text) => ErrorWriter.WriteLine(text);

    public void WriteJson<T>(T value)
    {
        Writer.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        Writer.Flush();
    }

    /// <summary>A table that renders as aligned plain text when not on a terminal.</summary>
    public Table Table(params string[] columns)
    {
        var table = new Table();
        if (!Interactive)
        {
            table.Border(TableBorder.Ascii);
        }
        else
        {
            table.Border(TableBorder.Rounded);
        }

        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Spectre.Console.Markup.Escape(column)));
        }

        return table;
    }

    public static void AddRow(Table table, params string?[] cells) =>
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c ?? "")).ToArray());

    private static IAnsiConsole Create(TextWriter writer, bool interactive)
    {
        if (interactive)
        {
            return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return console;
    }
}
