namespace AttachFunctions.Api.EventGrid;

/// <summary>
/// The Azure Resource Manager events the automation reacts to. The Event Grid subscription (infra) filters on exactly
/// these values; a test checks that infra/event-operations.json holds the same ones.
/// </summary>
public static class EventOperations
{
    public const string WriteSuccess = "Microsoft.Resources.ResourceWriteSuccess";
    public const string DeleteSuccess = "Microsoft.Resources.ResourceDeleteSuccess";
    public const string SubscriptionValidation = "Microsoft.EventGrid.SubscriptionValidationEvent";

    public const string ManagedClusterWrite = "Microsoft.ContainerService/managedClusters/write";
    public const string ConnectedClusterWrite = "Microsoft.Kubernetes/connectedClusters/write";
    public const string ExtensionWrite = "Microsoft.KubernetesConfiguration/extensions/write";
    public const string ManagedClusterDelete = "Microsoft.ContainerService/managedClusters/delete";
    public const string ConnectedClusterDelete = "Microsoft.Kubernetes/connectedClusters/delete";

    public static IReadOnlyList<string> IncludedEventTypes { get; } = [WriteSuccess, DeleteSuccess];

    public static IReadOnlyList<string> OperationNames { get; } =
        [ManagedClusterWrite, ConnectedClusterWrite, ExtensionWrite, ManagedClusterDelete, ConnectedClusterDelete];

    public static bool IsWrite(string? operation) =>
        operation is not null && (Is(operation, ManagedClusterWrite) || Is(operation, ConnectedClusterWrite) || Is(operation, ExtensionWrite));

    public static bool IsClusterDelete(string? operation) =>
        operation is not null && (Is(operation, ManagedClusterDelete) || Is(operation, ConnectedClusterDelete));

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
