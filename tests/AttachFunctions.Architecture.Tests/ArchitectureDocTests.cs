using System.Text.RegularExpressions;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Architecture.Tests;

/// <summary>docs/architecture.md's hop list from the webhook to the compute PUT names files and methods that exist.</summary>
public sealed partial class ArchitectureDocTests
{
    [Fact]
    public void HopList_EveryNamedFileAndMethod_ExistsInTheCode()
    {
        var hops = File.ReadAllLines(RepoPaths.Combine("docs", "architecture.md"))
            .Select(l => Hop().Match(l))
            .Where(m => m.Success)
            .Select(m => (File: m.Groups["file"].Value, Type: m.Groups["type"].Value, Method: m.Groups["method"].Value))
            .ToList();

        Assert.InRange(hops.Count, 5, 10);
        foreach (var (file, type, method) in hops)
        {
            var path = RepoPaths.Combine(file.Split('/'));
            Assert.True(File.Exists(path), $"docs/architecture.md names {file}, which does not exist.");
            var code = File.ReadAllText(path);
            Assert.True(Regex.IsMatch(code, $@"\b(class|record|interface)\s+{Regex.Escape(type)}\b"), $"{file} does not declare {type}.");
            Assert.True(Regex.IsMatch(code, $@"\s{Regex.Escape(method)}(<[^>]+>)?\("), $"{file} has no method {type}.{method}.");
        }
    }

    /// <summary>A numbered hop: <c>1. `path` `Type.Method`: ...</c>.</summary>
    [GeneratedRegex(@"^\d+\. `(?<file>[^`]+\.cs)` `(?<type>\w+)\.(?<method>\w+)`")]
    private static partial Regex Hop();
}
