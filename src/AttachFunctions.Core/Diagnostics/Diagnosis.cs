namespace AttachFunctions.Core.Diagnostics;

/// <summary>
/// A precise explanation of why a step could not complete: a stable <see cref="Code"/> (documented in the README's
/// troubleshooting table), what happened, and what fixes it.
/// </summary>
public sealed record Diagnosis(string Code, string Message, string Fix)
{
    public override string ToString() => $"{Code}: {Message} Fix: {Fix}";
}
