using AttachFunctions.Core.Policy;

namespace AttachFunctions.Cli.Hosting;

/// <summary>A policy a command works with: its text (what the product's composition loads) and the validated document.</summary>
internal sealed record LoadedPolicy(string Json, AttachPolicy Policy);

/// <summary>Loads the policy a command works with: the given file, or the embedded sample for the emulator.</summary>
internal static class PolicySource
{
    /// <summary>Loads and validates; invalid input ends the command with exit code 2 and every error listed.</summary>
    public static LoadedPolicy Load(string? path, bool allowSample)
    {
        string json;
        if (path is null)
        {
            if (!allowSample)
            {
                throw new InvalidInputException("No policy given. Fix: pass --policy FILE (the attach policy that names the scope, rules and workspaces).");
            }

            json = Samples.PolicyJson;
        }
        else
        {
            try
            {
                json = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidInputException($"The policy '{path}' cannot be read: {ex.Message} Fix: pass a readable policy file to --policy.", ex);
            }
        }

        var result = PolicyLoader.Load(json);
        if (result.IsValid)
        {
            return new LoadedPolicy(json, result.Policy!);
        }

        var lines = string.Join(Environment.NewLine, result.Errors.Select(e => "  " + e));
        throw new InvalidInputException(
            $"The policy {(path is null ? "sample" : $"'{path}'")} is not valid ({result.Errors.Count} error{(result.Errors.Count == 1 ? "" : "s")}):{Environment.NewLine}{lines}{Environment.NewLine}" +
            "Fix: correct the policy at the paths and lines above ('attachctl policy validate FILE' checks it alone).");
    }
}
