namespace AttachFunctions.Core.Policy;

/// <summary>An error located by JSON pointer, before it is turned into a <see cref="PolicyError"/> with path and line.</summary>
/// <param name="Pointer">RFC 6901 pointer of the offending value (or of the object missing a property).</param>
/// <param name="Message">What is wrong, in words a user understands.</param>
/// <param name="Keyword">The schema keyword that failed, or <c>null</c> for a semantic check.</param>
internal sealed record PointerError(string Pointer, string Message, string? Keyword = null);
