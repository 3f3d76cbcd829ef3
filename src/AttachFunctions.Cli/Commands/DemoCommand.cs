using System.CommandLine;
using AttachFunctions.Cli.Demo;
using AttachFunctions.Cli.Output;

namespace AttachFunctions.Cli.Commands;

/// <summary><c>demo</c>: the whole story on the embedded emulator, over real HTTP to the local API.</summary>
internal static class DemoCommand
{
    public static Command Create(Func<ParseResult, CliConsole> consoleOf)
    {
        var command = new Command("demo", "Play the whole story on the embedded emulator: Event Grid deliveries → live progress → final namespaces, computes and grants → injected drift → drift repair → summary. Exit 0 when it converged.");
        var scenario = new Option<string?>("--scenario") { Description = "The emulator's world (JSON); the sample scenario when omitted." };
        var policy = new Option<string?>("--policy") { Description = "The attach policy (JSON); the sample policy when omitted." };
        var chaos = new Option<double>("--chaos") { Description = "Inject emulator 429/503 faults and latency on this fraction of ARM calls (0 to 1), to watch it converge anyway." };
        command.Options.Add(scenario);
        command.Options.Add(policy);
        command.Options.Add(chaos);
        command.SetAction((result, ct) =>
        {
            var console = consoleOf(result);
            return CliApp.GuardAsync(console, () =>
                new DemoStory(console, result.GetValue(scenario), result.GetValue(policy), ReadChaos(result.GetValue(chaos))).RunAsync(ct));
        });
        return command;
    }

    public static double ReadChaos(double rate) =>
        rate is >= 0 and <= 1 && !double.IsNaN(rate)
            ? rate
            : throw new InvalidInputException($"--chaos {rate} is not a rate. Fix: pass a fraction between 0 and 1, e.g. --chaos 0.1 for 10% of ARM calls.");
}
