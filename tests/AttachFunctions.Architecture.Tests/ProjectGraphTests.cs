using System.Reflection;
using System.Xml.Linq;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Architecture.Tests;

/// <summary>
/// Dependencies point one way: Functions app and CLI → Api → Workflows → Infrastructure → Core (the domain). Only the CLI, the tests and the bench
/// may know the emulator; nothing in src knows the test support; the CLI does not reference the Functions executable.
/// </summary>
public sealed class ProjectGraphTests
{
    /// <summary>Each src project and the src projects it may reference directly.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["AttachFunctions.Core"] = [],
        ["AttachFunctions.Infrastructure"] = ["AttachFunctions.Core"],
        ["AttachFunctions.Workflows"] = ["AttachFunctions.Infrastructure"],
        ["AttachFunctions.Api"] = ["AttachFunctions.Workflows"],
        ["AttachFunctions"] = ["AttachFunctions.Api"],
        ["AttachFunctions.Cli"] = ["AttachFunctions.Api", "AttachFunctions.Emulator"],
        ["AttachFunctions.Emulator"] = ["AttachFunctions.Infrastructure"],
    };

    [Fact]
    public void SrcProjects_ReferenceOnlyTheLayersBelowThem()
    {
        var actual = SrcProjects();

        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (project, references) in actual)
        {
            var extra = references.Except(Allowed[project], StringComparer.Ordinal).ToList();
            Assert.True(extra.Count == 0, $"{project} references {string.Join(", ", extra)}, which its layer may not depend on.");
        }
    }

    [Fact]
    public void ProductAssemblies_DoNotReferenceTheEmulatorTestSupportOrCli()
    {
        string[] forbidden = ["AttachFunctions.Emulator", "AttachFunctions.TestSupport", "attachctl"];
        foreach (var assembly in ProductAssemblies())
        {
            var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
            Assert.True(!references.Intersect(forbidden).Any(), $"{assembly.GetName().Name} references {string.Join(", ", references.Intersect(forbidden))}.");
        }
    }

    [Fact]
    public void Domain_DependsOnNoAzureKubernetesPollyOrHostPackage()
    {
        string[] forbidden = ["Azure", "KubernetesClient", "Polly", "Microsoft.DurableTask", "Microsoft.Azure.Functions", "Microsoft.Extensions"];
        var domain = typeof(Core.Clusters.ClusterId).Assembly;

        var references = domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("JsonSchema.Net", references);
        var offending = references.Where(r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal))).ToList();
        Assert.True(offending.Count == 0, $"The domain (AttachFunctions.Core) references {string.Join(", ", offending)}.");
    }

    [Fact]
    public void ProductAssemblies_HoldNoStandInType()
    {
        string[] markers = ["StandIn", "Emulator", "Fake", "Stub"];
        var found = ProductAssemblies()
            .SelectMany(a => a.GetTypes())
            .Where(t => markers.Any(m => t.FullName!.Contains(m, StringComparison.OrdinalIgnoreCase)))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(found.Count == 0, $"Stand-in types in product assemblies: {string.Join(", ", found)}");
    }

    internal static IEnumerable<Assembly> ProductAssemblies() =>
    [
        typeof(Core.Clusters.ClusterId).Assembly,
        typeof(Infrastructure.AttachRuntime).Assembly,
        typeof(Workflows.WorkflowRegistration).Assembly,
        typeof(Api.ApiServiceRegistration).Assembly,
        typeof(Functions.AttachApiFunctions).Assembly,
    ];

    /// <summary>Each src project's direct project references, by project name.</summary>
    private static Dictionary<string, string[]> SrcProjects()
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var csproj in Directory.GetFiles(RepoPaths.Combine("src"), "*.csproj", SearchOption.AllDirectories).Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var references = XDocument.Load(csproj).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToArray();
            result[Path.GetFileNameWithoutExtension(csproj)] = references;
        }

        return result;
    }
}
