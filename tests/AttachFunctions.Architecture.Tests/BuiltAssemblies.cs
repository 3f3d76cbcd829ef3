using AttachFunctions.TestSupport;

namespace AttachFunctions.Architecture.Tests;

/// <summary>The solution's built assemblies, found in each project's build output (same configuration as this test).</summary>
internal static class BuiltAssemblies
{
    /// <summary>Product assemblies: what runs in Azure.</summary>
    public static readonly (string Project, string Assembly)[] Product =
    [
        ("src/AttachFunctions.Core", "AttachFunctions.Core"),
        ("src/AttachFunctions.Workflows", "AttachFunctions.Workflows"),
        ("src/AttachFunctions.Api", "AttachFunctions.Api"),
        ("src/AttachFunctions", "AttachFunctions"),
    ];

    /// <summary>Everything else that could apply a cluster: the CLI, the emulator, the bench and every test assembly.</summary>
    public static IEnumerable<(string Project, string Assembly)> Others()
    {
        yield return ("src/AttachFunctions.Cli", "attachctl");
        yield return ("src/AttachFunctions.Emulator", "AttachFunctions.Emulator");
        yield return ("bench/AttachFunctions.Bench", "AttachFunctions.Bench");
        foreach (var dir in Directory.GetDirectories(RepoPaths.Combine("tests")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (File.Exists(Path.Combine(dir, name + ".csproj")))
            {
                yield return ($"tests/{name}", name);
            }
        }
    }

    /// <summary>The path of a project's built assembly; fails with what to do when it was not built.</summary>
    public static string PathOf(string project, string assembly)
    {
        // This test runs from tests/<project>/bin/<Configuration>/<tfm>/: the others were built the same way.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var path = RepoPaths.Combine(project, "bin", configuration, tfm, assembly + ".dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the whole solution ('dotnet build AttachFunctions.sln') before running the architecture tests.");
        return path;
    }
}
