using System.Globalization;
using System.Runtime.InteropServices;
using AttachFunctions.Emulator;

// The emulator as a process: a local stand-in for ARM, Key Vault and Kubernetes (not Azure).
string? scenarioPath = null;
string? journalPath = null;
var port = 0;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scenario" when i + 1 < args.Length:
            scenarioPath = args[++i];
            break;
        case "--port" when i + 1 < args.Length:
            port = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--journal" when i + 1 < args.Length:
            journalPath = args[++i];
            break;
        default:
            await Console.Error.WriteLineAsync("usage: AttachFunctions.Emulator --scenario FILE [--port N] [--journal FILE]");
            return 2;
    }
}

if (scenarioPath is null)
{
    await Console.Error.WriteLineAsync("usage: AttachFunctions.Emulator --scenario FILE [--port N] [--journal FILE]");
    return 2;
}

var scenario = EmulatorScenario.Load(scenarioPath);
await using var host = await EmulatorHost.StartAsync(scenario, new EmulatorOptions { Port = port, JournalPath = journalPath, ConsoleLogging = true });
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    stop.Cancel();
});

Console.WriteLine("AttachFunctions emulator (a local stand-in for Azure Resource Manager and Kubernetes, not Azure)");
Console.WriteLine($"ARM:        {host.ArmEndpoint}");
Console.WriteLine($"Key Vault:  {host.KeyVaultUri}");
Console.WriteLine($"Kubernetes: {host.KubernetesBase}k8s/{{clusterKey}}");
Console.WriteLine($"Certificate thumbprint: {host.CertificateThumbprint}");
Console.WriteLine("Kubernetes CA: in every kubeconfig it hands out (certificate-authority-data)");
foreach (var id in host.State.ClusterIds())
{
    Console.WriteLine($"  {host.KubernetesEndpoint(id)}  {id}");
}

Console.WriteLine("Serving until Ctrl+C (or SIGTERM).");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;
