namespace AttachFunctions.Cli;

/// <summary>The process exit codes every command uses.</summary>
internal static class ExitCodes
{
    /// <summary>The work converged (or the plan/validation succeeded).</summary>
    public const int Converged = 0;

    /// <summary>Something failed or did not converge; the output says what.</summary>
    public const int Failures = 1;

    /// <summary>The input is invalid: bad policy, malformed, unknown or out-of-scope cluster id, bad option.</summary>
    public const int InvalidInput = 2;
}

/// <summary>Invalid input found while a command runs: the message names the problem and the fix.</summary>
internal sealed class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException()
    {
    }

    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
