using System.CommandLine;
using AttachFunctions.Cli.Commands;
using AttachFunctions.Cli.Hosting;
using AttachFunctions.Cli.Output;

namespace AttachFunctions.Cli;

/// <summary>
/// The command tree of <c>attachctl</c>. <see cref="RunAsync"/> is the whole program: Program.Main calls it with the
/// console, tests call it in process with their own writers.
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = Build(output, error);
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                await error.WriteLineAsync(e.Message);
            }

            await error.WriteLineAsync("Fix: see 'attachctl --help' (or '<command> --help') for the commands and options.");
            return ExitCodes.InvalidInput;
        }

        return await parsed.InvokeAsync(configuration, ct);
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON document for machines instead of tables.", Recursive = true };
        var verbose = new Option<bool>("--verbose") { Description = "Also print the emulator's journal of calls (method, path, status).", Recursive = true };

        var root = new RootCommand("attachctl: attach AKS and Azure Arc clusters to Azure Machine Learning workspaces as the attach policy says; plan, apply and repair against Azure or the local emulator, host the HTTP API locally, or watch the whole story in a demo.");
        root.Options.Add(json);
        root.Options.Add(verbose);

        CliConsole Console(ParseResult r) => new(output, error, r.GetValue(json), r.GetValue(verbose));

        root.Subcommands.Add(DemoCommand.Create(Console));
        root.Subcommands.Add(ReconcileCommands.CreatePlan(Console));
        root.Subcommands.Add(ReconcileCommands.CreateApply(Console));
        root.Subcommands.Add(ReconcileCommands.CreateRepair(Console));
        root.Subcommands.Add(PolicyCommand.Create(Console));
        root.Subcommands.Add(ServeCommand.Create(Console));
        return root;
    }

    /// <summary>Runs a command body: invalid input → exit 2 with the message; an unexpected failure → exit 1 with its message.</summary>
    public static async Task<int> GuardAsync(CliConsole console, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body();
        }
        catch (InvalidInputException ex)
        {
            console.Error("error: " + ex.Message);
            if (console.Json)
            {
                console.WriteJson(new { error = ex.Message, exitCode = ExitCodes.InvalidInput });
            }

            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            console.Error("Cancelled.");
            return ExitCodes.Failures;
        }
        catch (Azure.Identity.AuthenticationFailedException ex)
        {
            console.Error("error: no Azure credential is available: " + FirstLine(ex.Message) +
                " Fix: sign in (az login), or set a managed identity / workload identity, or add --emulator to run against the local emulator.");
            return ExitCodes.Failures;
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or Core.Errors.ArmRequestException or Core.Errors.DiagnosedException)
        {
            console.Error("error: " + FirstLine(ex.Message));
            return ExitCodes.Failures;
        }
    }

    private static string FirstLine(string text)
    {
        var cut = text.IndexOfAny(['\r', '\n']);
        return cut < 0 ? text : text[..cut];
    }
}

/// <summary>Options shared by the commands that talk to Azure or the emulator.</summary>
internal sealed class TargetArguments
{
    public Option<string?> Policy { get; } = new("--policy") { Description = "The attach policy file (JSON). With --emulator the sample policy is used when omitted." };

    public Option<bool> Emulator { get; } = new("--emulator") { Description = "Run against an embedded emulator (a local stand-in for ARM and Kubernetes) started for this command." };

    public Option<string?> Scenario { get; } = new("--scenario") { Description = "The emulator's world (JSON); the sample scenario when omitted. Needs --emulator." };

    public Option<Uri?> ArmEndpoint { get; } = new("--arm-endpoint") { Description = "The ARM endpoint (default https://management.azure.com/; e.g. a sovereign cloud)." };

    public Option<string?> Journal { get; } = new("--journal") { Description = "With --emulator: write the emulator's request journal to this file (JSON lines)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Policy);
        command.Options.Add(Emulator);
        command.Options.Add(Scenario);
        command.Options.Add(ArmEndpoint);
        command.Options.Add(Journal);
    }

    public TargetOptions Read(ParseResult result)
    {
        var emulator = result.GetValue(Emulator);
        if (!emulator && (result.GetValue(Scenario) is not null || result.GetValue(Journal) is not null))
        {
            throw new InvalidInputException("--scenario and --journal only apply to the emulator. Fix: add --emulator, or drop them to work against Azure.");
        }

        return new TargetOptions
        {
            Emulator = emulator,
            ScenarioPath = result.GetValue(Scenario),
            ArmEndpoint = result.GetValue(ArmEndpoint),
            JournalPath = result.GetValue(Journal),
        };
    }
}
