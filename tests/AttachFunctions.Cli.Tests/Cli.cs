using AttachFunctions.Cli;

namespace AttachFunctions.Cli.Tests;

/// <summary>Runs attachctl in process with captured output, and checks no output ever carries a secret.</summary>
internal static class Cli
{
    private static readonly string[] SecretMarkers = ["aud=", "Bearer", "token:", "client-key-data"];

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        var result = new CliResult(exit, output.ToString(), error.ToString());
        AssertNoSecrets(result.Out);
        AssertNoSecrets(result.Err);
        return result;
    }

    public static void AssertNoSecrets(string text)
    {
        foreach (var marker in SecretMarkers)
        {
            Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    public static string TempFile(string name) =>
        Path.Combine(Directory.CreateTempSubdirectory("attachctl-tests-").FullName, name);
}

internal sealed record CliResult(int Exit, string Out, string Err);
