using System.Text.RegularExpressions;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Architecture.Tests;

/// <summary>
/// The emulator README's fidelity table stays honest: every behaviour row names an emulator test and a product test, and
/// every test class (or <c>Class.Method</c>) it names exists in the tests folder.
/// </summary>
public sealed partial class EmulatorFidelityTableTests
{
    [Fact]
    public void FidelityTable_EveryRow_NamesTestsThatExist()
    {
        var rows = File.ReadAllLines(RepoPaths.Combine("src", "AttachFunctions.Emulator", "README.md"))
            .Select(l => Row().Match(l))
            .Where(m => m.Success)
            .ToList();
        var sources = Directory.EnumerateFiles(RepoPaths.Combine("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();

        Assert.True(rows.Count >= 8, $"src/AttachFunctions.Emulator/README.md lists {rows.Count} fidelity rows; the table seems to be missing.");
        var problems = new List<string>();
        foreach (var row in rows)
        {
            var id = row.Groups["id"].Value;
            foreach (var column in new[] { "emulator", "product" })
            {
                var names = TestName().Matches(row.Groups[column].Value).ToList();
                if (names.Count == 0)
                {
                    problems.Add($"row {id} names no {column} test");
                }

                foreach (var name in names)
                {
                    var type = name.Groups["type"].Value;
                    var method = name.Groups["method"].Success ? name.Groups["method"].Value : null;
                    var exists = sources.Any(code =>
                        Regex.IsMatch(code, $@"\bclass\s+{Regex.Escape(type)}\b") &&
                        (method is null || Regex.IsMatch(code, $@"\b(void|Task)\s+{Regex.Escape(method)}\s*\(")));
                    if (!exists)
                    {
                        problems.Add($"row {id}: {name.Value.Trim('`')} does not exist");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    /// <summary><c>| 1b | behaviour | source | emulator tests | product tests |</c>.</summary>
    [GeneratedRegex(@"^\|\s*(?<id>\d+[a-z]?)\s*\|[^|]*\|[^|]*\|(?<emulator>[^|]*)\|(?<product>[^|]*)\|\s*$")]
    private static partial Regex Row();

    /// <summary>A backticked test class (<c>…Tests</c>), optionally with a method, optionally after a namespace part.</summary>
    [GeneratedRegex(@"`(?:[A-Z]\w*\.)?(?<type>[A-Z]\w*Tests)(?:\.(?<method>\w+))?`")]
    private static partial Regex TestName();
}
