using System.Diagnostics;
using System.Net;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Emulator.Tests;

/// <summary>The emulator as a process: starts from a scenario file, prints its addresses, serves until stopped.</summary>
public sealed class ExecutableTests
{
    [Fact]
    public async Task Executable_SampleScenario_PrintsAddressesAndServesUntilKilled()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AttachFunctions.Emulator.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--scenario", RepoPaths.Combine("samples", "scenario.json"), "--port", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var lines = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("Serving until", StringComparison.Ordinal))
                {
                    break;
                }
            }

            string Value(string prefix) => lines.Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();
            var arm = new Uri(Value("ARM:"));
            using var http = new HttpClient(EmulatorHost.CreateTrustingHandler(Value("Certificate thumbprint:"))) { BaseAddress = arm };
            http.DefaultRequestHeaders.Add("Authorization", "Bearer any-token");
            using var response = await http.GetAsync(
                "subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01?api-version=2025-10-01",
                timeout.Token);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("https://127.0.0.1:", arm.ToString(), StringComparison.Ordinal);
            Assert.StartsWith("https://127.0.0.1:", Value("Kubernetes:"), StringComparison.Ordinal);
            Assert.Equal(arm, new Uri(Value("Key Vault:")));
            Assert.False(process.HasExited);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }
}
