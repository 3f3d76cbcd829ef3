using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AttachFunctions.Emulator.Tests;

/// <summary>
/// kubectl, a real Kubernetes client, against one emulator cluster over HTTPS with the kubeconfig's CA and a bearer
/// token: discovery, then get, create (from a manifest), label and delete of namespaces. kubectl comes from the machine (.ci/run installs
/// it when missing); without it the test fails when CI is set and is skipped elsewhere.
/// </summary>
public sealed partial class KubectlClientTests
{
    [Fact]
    public async Task Kubectl_WithTheClusterKubeconfig_GetsCreatesLabelsAndDeletesNamespaces_OverHttps()
    {
        var kubectl = Kubectl();
        await using var host = await TestHost.StartAsync(TestWorld.Scenario());
        var work = Directory.CreateTempSubdirectory("kubectl-");
        try
        {
            // The cluster's kubeconfig (https server, certificate-authority-data), with an Entra principal's bearer token.
            var kubeconfig = TokenLine().Replace(host.State.GeneratedKubeconfig(TestWorld.AksEntra), $"token: \"{KubernetesRbacBehaviourTests.AksToken(TestWorld.Caller)}\"");
            var path = Path.Combine(work.FullName, "config");
            await File.WriteAllTextAsync(path, kubeconfig, TestContext.Current.CancellationToken);

            var list = await RunAsync(kubectl, path, work.FullName, "get", "ns");
            Assert.True(list.ExitCode == 0, list.Output);
            Assert.Contains("kube-system", list.Output, StringComparison.Ordinal);

            // "kubectl create ns NAME" goes through client-go's typed client, which sends protobuf; the emulator speaks JSON
            // only (and says so with 415), so the namespace is created from a manifest, which kubectl sends as JSON; the emulator
            // serves no OpenAPI document, hence --validate=false (the server still validates the name and labels).
            var manifest = Path.Combine(work.FullName, "team-k.json");
            await File.WriteAllTextAsync(manifest, """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-k"}}""", TestContext.Current.CancellationToken);
            var create = await RunAsync(kubectl, path, work.FullName, "create", "--validate=false", "-f", manifest);
            Assert.True(create.ExitCode == 0, create.Output);
            Assert.Contains(host.State.Namespaces(TestWorld.AksEntra), n => n.Name == "team-k" && n.Phase == "Active");

            var label = await RunAsync(kubectl, path, work.FullName, "label", "ns", "team-k", "team=k");
            Assert.True(label.ExitCode == 0, label.Output);
            Assert.Equal("k", host.State.Namespaces(TestWorld.AksEntra).Single(n => n.Name == "team-k").Labels["team"]);

            var delete = await RunAsync(kubectl, path, work.FullName, "delete", "ns", "team-k", "--wait=false");
            Assert.True(delete.ExitCode == 0, delete.Output);
            Assert.Equal("Terminating", host.State.Namespaces(TestWorld.AksEntra).Single(n => n.Name == "team-k").Phase);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Kubectl()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        const string message = "kubectl is not on PATH; .ci/run installs it (Debian package kubectl), or install it to run this test.";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return ""; // not reached
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string kubectl, string kubeconfig, string cacheDir, params string[] args)
    {
        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--kubeconfig=" + kubeconfig);
        start.ArgumentList.Add("--cache-dir=" + Path.Combine(cacheDir, "cache"));
        start.ArgumentList.Add("--request-timeout=20s");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = cacheDir;
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, $"kubectl {string.Join(' ', args)}: exit {process.ExitCode}\n{await stdout}\n{await stderr}");
    }

    [GeneratedRegex("token: \\S+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenLine();
}
