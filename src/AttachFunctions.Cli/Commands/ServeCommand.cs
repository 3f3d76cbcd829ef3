using System.CommandLine;
using AttachFunctions.Cli.Api;
using AttachFunctions.Cli.Hosting;
using AttachFunctions.Cli.Output;

namespace AttachFunctions.Cli.Commands;

/// <summary><c>serve --emulator</c>: the Functions app's HTTP API on loopback, over the in-process engine and the emulator, until stopped.</summary>
internal static class ServeCommand
{
    public static Command Create(Func<ParseResult, CliConsole> consoleOf)
    {
        var command = new Command("serve", "Host the HTTP API (/api/events, /api/clusters/attach, /api/clusters/attach/{id}, /api/plan, /api/clusters) locally on the in-process Durable engine against the emulator, until Ctrl+C.");
        var emulator = new Option<bool>("--emulator") { Description = "Required: serve against an embedded emulator (against Azure, deploy the Functions app instead)." };
        var scenario = new Option<string?>("--scenario") { Description = "The emulator's world (JSON); the sample scenario when omitted." };
        var policy = new Option<string?>("--policy") { Description = "The attach policy (JSON); the sample policy when omitted." };
        var urls = new Option<string?>("--urls") { Description = "Where to listen: http://127.0.0.1:PORT (loopback only; port 0 picks a free port). Default http://127.0.0.1:7071." };
        var journal = new Option<string?>("--journal") { Description = "Write the emulator's request journal to this file (JSON lines) as calls happen." };
        var chaos = new Option<double>("--chaos") { Description = "Inject emulator 429/503 faults and latency on this fraction of ARM calls (0 to 1)." };
        foreach (var option in new Option[] { emulator, scenario, policy, urls, journal, chaos })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) =>
        {
            var console = consoleOf(result);
            return CliApp.GuardAsync(console, async () =>
            {
                if (!result.GetValue(emulator))
                {
                    throw new InvalidInputException("serve hosts the API against the local emulator only. Fix: add --emulator (against Azure, deploy the Functions app: see the README).");
                }

                var rate = DemoCommand.ReadChaos(result.GetValue(chaos));
                var port = ApiServer.ParsePort(result.GetValue(urls));
                var attachPolicy = PolicySource.Load(result.GetValue(policy), allowSample: true);
                var journalPath = result.GetValue(journal);
                var options = new TargetOptions { Emulator = true, ScenarioPath = result.GetValue(scenario), JournalPath = journalPath, Chaos = rate };
                await using var stack = await LocalStack.StartAsync(options, attachPolicy, port, ct);
                var baseUrl = stack.Api!.BaseAddress.ToString().TrimEnd('/');
                if (console.Json)
                {
                    console.WriteJson(new { baseUrl, journal = journalPath });
                }
                else
                {
                    console.Line($"attachctl serve: listening on {baseUrl}");
                    console.Line($"  emulator (stand-in for ARM and Kubernetes): {stack.Emulator.ArmEndpoint}");
                    console.Line(journalPath is null ? "  journal: not written (add --journal FILE)" : $"  journal: {Path.GetFullPath(journalPath)} (JSON lines)");
                    console.Line("Try:");
                    console.Line($"  curl -s {baseUrl}/api/clusters");
                    console.Line($"  curl -s -X POST {baseUrl}/api/clusters/attach -H 'Content-Type: application/json' -d '{{\"clusterId\":\"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01\",\"dryRun\":false}}'");
                    console.Line("Press Ctrl+C to stop.");
                }

                await console.Writer.FlushAsync(CancellationToken.None);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    console.Line("Stopping.");
                }

                ReconcileCommands.VerboseJournal(console, stack.Target);
                return ExitCodes.Converged;
            });
        });
        return command;
    }
}
