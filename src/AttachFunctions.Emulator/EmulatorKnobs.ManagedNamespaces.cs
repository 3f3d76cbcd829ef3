namespace AttachFunctions.Emulator;

public sealed partial class EmulatorKnobs
{
    /// <summary>
    /// How long a managed-namespace PUT stays <c>Updating</c> and a DELETE stays <c>Deleting</c> before its operation
    /// ends (azure-rest-api-specs <c>aks/ManagedNamespace.tsp</c>: both are long-running). Zero: the operation ends at once,
    /// but the answer still carries the operation URL the client must poll.
    /// </summary>
    public TimeSpan ManagedNamespaceDuration { get; set; } = TimeSpan.FromSeconds(2);
}
