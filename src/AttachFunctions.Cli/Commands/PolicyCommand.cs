using System.CommandLine;
using AttachFunctions.Cli.Output;
using AttachFunctions.Core.Policy;

namespace AttachFunctions.Cli.Commands;

/// <summary><c>policy validate FILE</c>: every error with its JSON path, line and column.</summary>
internal static class PolicyCommand
{
    public static Command Create(Func<ParseResult, CliConsole> consoleOf)
    {
        var policy = new Command("policy", "Work with attach policy files.");
        var validate = new Command("validate", "Validate a policy file against the schema and the semantic rules; exit 2 with every error when it is invalid.");
        var file = new Argument<string>("FILE") { Description = "The policy file (JSON)." };
        validate.Arguments.Add(file);
        validate.SetAction((result, _) =>
        {
            var console = consoleOf(result);
            return CliApp.GuardAsync(console, () =>
            {
                var path = result.GetValue(file)!;
                var loaded = PolicyLoader.LoadFile(path);
                if (console.Json)
                {
                    console.WriteJson(new
                    {
                        file = path,
                        valid = loaded.IsValid,
                        rules = loaded.Policy?.Rules.Count,
                        attachments = loaded.Policy?.Rules.Sum(r => r.Attachments.Count),
                        errors = loaded.Errors.Select(e => new { path = e.Path, line = e.Line, column = e.Column, message = e.Message }),
                        warnings = loaded.Warnings.Select(e => new { path = e.Path, line = e.Line, column = e.Column, message = e.Message }),
                    });
                }
                else if (loaded.IsValid)
                {
                    var p = loaded.Policy!;
                    console.Line($"{path}: valid ({p.Rules.Count} rule(s), {p.Rules.Sum(r => r.Attachments.Count)} attachment(s), scope: {string.Join(", ", p.Scope.Subscriptions)}).");
                    foreach (var w in loaded.Warnings)
                    {
                        console.Error($"  warning: {w}");
                    }
                }
                else
                {
                    console.Error($"{path}: {loaded.Errors.Count} error(s):");
                    foreach (var e in loaded.Errors)
                    {
                        console.Error($"  {e.Path} (line {(e.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")}, column {(e.Column?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")}): {e.Message}");
                    }

                    console.Error("Fix: correct the policy at the paths and lines above; the schema is schemas/attach-policy.schema.json.");
                }

                return Task.FromResult(loaded.IsValid ? ExitCodes.Converged : ExitCodes.InvalidInput);
            });
        });
        policy.Subcommands.Add(validate);
        return policy;
    }
}
