using System.Reflection;
using System.Text.RegularExpressions;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Core.Tests.Decisions;

/// <summary>Every diagnosis is written once, in the catalog (src/AttachFunctions.Core/Diagnostics/Diagnoses.cs).</summary>
public sealed partial class DiagnosisCatalogTests
{
    private const string CatalogPath = "src/AttachFunctions.Core/Diagnostics/Diagnoses.cs";

    [Fact]
    public void Sources_EveryCode_IsConstructedOnceInTheCatalog()
    {
        var violations = Violations(SourceFiles(), Codes());

        Assert.Empty(violations);
    }

    [Fact]
    public void Codes_EveryNumber_NamesOneDiagnosis()
    {
        var numbers = typeof(DiagnosisCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (Name: f.Name, Number: ((string)f.GetRawConstantValue()!).Split('-')[0]))
            .GroupBy(c => c.Number, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Name))}")
            .ToList();

        Assert.True(numbers.Count == 0, $"Diagnosis numbers used twice: {string.Join("; ", numbers)}.");
    }

    [Fact]
    public void Violations_SecondConstructionOutsideTheCatalog_IsReported()
    {
        var files = SourceFiles().Append(("src/AttachFunctions.Core/Elsewhere.cs",
            "var d = new Diagnosis(DiagnosisCodes.AttachFailed, \"again\", \"fix\");")).ToList();

        var violations = Violations(files, Codes());

        Assert.Contains(violations, v => v.Contains("Elsewhere.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Violations_TargetTypedConstructionOutsideTheCatalog_IsReported()
    {
        var files = SourceFiles().Append(("src/AttachFunctions.Workflows/Elsewhere.cs",
            "Diagnosis d = new(DiagnosisCodes.RequestRejected, \"again\", \"fix\");")).ToList();

        var violations = Violations(files, Codes());

        Assert.Contains(violations, v => v.Contains("Elsewhere.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Violations_SecondConstructionOfACodeInTheCatalog_IsReported()
    {
        var files = SourceFiles()
            .Select(f => f.Path == CatalogPath
                ? (f.Path, f.Text + "\nclass Extra { Diagnosis X() => new Diagnosis(DiagnosisCodes.NamespaceTerminating, \"a\", \"b\"); }")
                : f)
            .ToList();

        var violations = Violations(files, Codes());

        Assert.Contains(violations, v => v.Contains(nameof(DiagnosisCodes.NamespaceTerminating), StringComparison.Ordinal));
    }

    /// <summary>What breaks the rule: a construction outside the catalog, or a code constructed other than exactly once in it.</summary>
    private static List<string> Violations(IReadOnlyList<(string Path, string Text)> files, IReadOnlyList<string> codes)
    {
        var violations = new List<string>();
        foreach (var (path, text) in files.Where(f => f.Path != CatalogPath))
        {
            if (ExplicitConstruction().IsMatch(text) || TargetTypedConstruction().IsMatch(text))
            {
                violations.Add($"{path} constructs a Diagnosis; use a factory of Diagnoses instead.");
            }
        }

        var catalog = files.Single(f => f.Path == CatalogPath).Text;
        if (TargetTypedConstruction().IsMatch(catalog))
        {
            violations.Add($"{CatalogPath} uses a target-typed construction; write new Diagnosis(DiagnosisCodes.X, ...).");
        }

        var perCode = CodeConstruction().Matches(catalog).GroupBy(m => m.Groups["code"].Value).ToDictionary(g => g.Key, g => g.Count());
        foreach (var code in codes)
        {
            var count = perCode.GetValueOrDefault(code);
            if (count != 1)
            {
                violations.Add($"DiagnosisCodes.{code} is constructed {count} times in the catalog; expected exactly once.");
            }
        }

        return violations;
    }

    private static List<string> Codes() =>
        [.. typeof(DiagnosisCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => f.Name)];

    private static List<(string Path, string Text)> SourceFiles()
    {
        var src = RepoPaths.Combine("src");
        var sep = Path.DirectorySeparatorChar;
        return [.. Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !p.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
            .Select(p => (Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/'), File.ReadAllText(p)))];
    }

    [GeneratedRegex(@"new\s+(?:[\w.]+\.)?Diagnosis\s*\(")]
    private static partial Regex ExplicitConstruction();

    [GeneratedRegex(@"new\s*\(\s*(?:[\w.]+\.)?DiagnosisCodes\.")]
    private static partial Regex TargetTypedConstruction();

    [GeneratedRegex(@"new\s+Diagnosis\s*\(\s*DiagnosisCodes\.(?<code>\w+)")]
    private static partial Regex CodeConstruction();
}
