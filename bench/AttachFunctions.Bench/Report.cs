using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttachFunctions.Bench;

/// <summary>A scenario's result: tables for the console and one JSON document for bench/results.</summary>
internal sealed class Report
{
    private readonly List<(string Title, string[] Header, List<string[]> Rows)> _tables = [];

    public Report(string scenario, bool quick)
    {
        Json["scenario"] = scenario;
        Json["quick"] = quick;
        Json["machine"] = new JsonObject
        {
            ["processorsSeenByTheProcess"] = Environment.ProcessorCount,
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        };
        Json["startedUtc"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture);
    }

    public JsonObject Json { get; } = [];

    public List<string[]> Table(string title, params string[] header)
    {
        var rows = new List<string[]>();
        _tables.Add((title, header, rows));
        return rows;
    }

    public static string F(double value, int decimals = 2) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    public void Finish(string resultsDirectory)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakMb = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        Json["peakWorkingSetMb"] = Math.Round(peakMb, 1);
        Json["managedHeapMbAtEnd"] = Math.Round(GC.GetTotalMemory(false) / (1024.0 * 1024.0), 1);
        Table("Memory", "measure", "value")
            .Add(["peak working set of the process (emulator + engine + product)", F(peakMb, 1) + " MB"]);

        var text = new StringBuilder();
        foreach (var (title, header, rows) in _tables)
        {
            text.Append('\n').Append("## ").Append(title).Append('\n');
            text.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
            text.Append('|').Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
            foreach (var row in rows)
            {
                text.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
            }
        }

        Console.Write(text.ToString());
        Directory.CreateDirectory(resultsDirectory);
        var name = Json["scenario"]!.GetValue<string>() + (Json["quick"]!.GetValue<bool>() ? "-quick" : "") + ".json";
        var path = Path.Combine(resultsDirectory, name);
        File.WriteAllText(path, Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine();
        Console.WriteLine("wrote " + Path.GetRelativePath(Environment.CurrentDirectory, path));
    }
}
