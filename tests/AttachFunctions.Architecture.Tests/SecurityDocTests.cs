using System.Text.RegularExpressions;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Architecture.Tests;

/// <summary>
/// docs/security.md's threat table stays honest: every threat row names at least one test, and every test it names
/// exists (a class of that name in the tests folder declares a test method of that name).
/// </summary>
public sealed partial class SecurityDocTests
{
    private static readonly Lazy<IReadOnlyList<(string Path, string Code)>> TestSources = new(() =>
        Directory.EnumerateFiles(RepoPaths.Combine("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (p, File.ReadAllText(p)))
            .ToList());

    [Fact]
    public void ThreatTable_EveryRow_NamesAtLeastOneTest()
    {
        var rows = ThreatRows();

        Assert.True(rows.Count >= 20, $"docs/security.md lists {rows.Count} threat rows; the threat table seems to be missing.");
        var without = rows.Where(r => !TestName().IsMatch(r.Tests)).Select(r => r.Id).ToList();
        Assert.True(without.Count == 0, $"Threat rows without a test: {string.Join(", ", without)}.");
    }

    [Fact]
    public void ThreatTable_EveryNamedTest_Exists()
    {
        var missing = new List<string>();
        foreach (var (id, tests) in ThreatRows())
        {
            foreach (Match m in TestName().Matches(tests))
            {
                var type = m.Groups["type"].Value;
                var method = m.Groups["method"].Value;
                var declared = TestSources.Value.Any(s =>
                    Regex.IsMatch(s.Code, $@"\b(class|record)\s+{Regex.Escape(type)}\b") &&
                    Regex.IsMatch(s.Code, $@"\b(void|Task)\s+{Regex.Escape(method)}\s*\("));
                if (!declared)
                {
                    missing.Add($"{id}: {type}.{method}");
                }
            }
        }

        Assert.True(missing.Count == 0, $"docs/security.md names tests that do not exist: {string.Join("; ", missing)}.");
    }

    /// <summary>The rows of the threat table: <c>| T1 | threat | mitigation | `Class.Method`, ... |</c>.</summary>
    private static List<(string Id, string Tests)> ThreatRows() =>
        File.ReadAllLines(RepoPaths.Combine("docs", "security.md"))
            .Select(l => Row().Match(l))
            .Where(m => m.Success)
            .Select(m => (m.Groups["id"].Value, m.Groups["tests"].Value))
            .ToList();

    [GeneratedRegex(@"^\|\s*(?<id>T\d+[a-z]?)\s*\|.*\|(?<tests>[^|]*)\|\s*$")]
    private static partial Regex Row();

    [GeneratedRegex(@"`(?<type>[A-Z]\w+)\.(?<method>\w+)`")]
    private static partial Regex TestName();
}
