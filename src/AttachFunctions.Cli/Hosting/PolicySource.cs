using AttachFunctions.Core.Policy;

namespace AttachFunctions.Cli.Hosting;

/// <summary>Loads the policy a command works with: the given file, or the embedded sample for the emulator.</summary>
internal static class PolicySource
{
    /// <summary>Loads and validates; invalid input ends the command with exit code 2 and every error listed.</summary>
    public static AttachPolicy Load(string? path, bool allowSample)
    {
        PolicyLoadResult result;
        if (path is null)
        {
            if (!allowSample)
            {
                throw new InvalidInputException("No policy given. Fix: pass --policy FILE (the attach policy that names the scope, rules and workspaces).");
            }

            result = PolicyLoader.Load(Samples.PolicyJson);
        }
        else
        {
            result = PolicyLoader.LoadFile(path);
        }

        if (result.IsValid)
        {
            return result.Policy!;
        }

        var lines = string.Join(Environment.NewLine, result.Errors.Select(e => "  " + e));
        throw new InvalidInputException(
            $"The policy {(path is null ? "sample" : $"'{path}'")} is not valid ({result.Errors.Count} error{(result.Errors.Count == 1 ? "" : "s")}):{Environment.NewLine}{lines}{Environment.NewLine}" +
            "Fix: correct the policy at the paths and lines above ('attachctl policy validate FILE' checks it alone).");
    }
}
