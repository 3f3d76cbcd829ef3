using System.Diagnostics;
using System.Reflection;

namespace AttachFunctions.Infra.Tests;

/// <summary>Runs the Bicep CLI restored from its NuGet package (the build records where the package is).</summary>
public static class BicepCli
{
    public static string Path { get; } = Locate();

    /// <summary>Compiles a .bicep file to ARM JSON and returns the JSON file's path.</summary>
    public static async Task<string> BuildAsync(string bicepFile, string outputDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outputDirectory);
        var (exitCode, output) = await RunAsync(["build", bicepFile, "--outdir", outputDirectory], cancellationToken);
        var json = System.IO.Path.Combine(outputDirectory, System.IO.Path.GetFileNameWithoutExtension(bicepFile) + ".json");
        if (exitCode != 0 || !File.Exists(json))
        {
            throw new InvalidOperationException($"bicep build {bicepFile} failed with exit code {exitCode}:{Environment.NewLine}{output}");
        }

        return json;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Locate()
    {
        var recorded = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepCliPath")?.Value;
        if (string.IsNullOrEmpty(recorded) || !File.Exists(recorded))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI was not found at '{recorded}'. Restore the test project: it references the Bicep CLI package.");
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(recorded);
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(recorded, mode | UnixFileMode.UserExecute);
            }
        }

        return recorded;
    }
}
