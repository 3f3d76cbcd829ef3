using Microsoft.Extensions.Logging;

namespace AttachFunctions.Infrastructure.Kubernetes;

/// <summary>Logs of the Kubernetes access path (EventIds 1051-1060, 1071-1080). They name clusters, secrets and fields, never a kubeconfig, token or key.</summary>
internal static partial class KubernetesAccessLog
{
    [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "Kubeconfig of {ClusterId} from {Source} refused: {Field}: {Reason}")]
    public static partial void KubeconfigRefused(ILogger logger, string clusterId, string source, string field, string reason);

    [LoggerMessage(EventId = 1052, Level = LogLevel.Information, Message = "Kubernetes client of {ClusterId} expired after {Lifetime}; the kubeconfig is read again")]
    public static partial void ClientExpired(ILogger logger, string clusterId, TimeSpan lifetime);

    [LoggerMessage(EventId = 1053, Level = LogLevel.Warning, Message = "The Kubernetes API of {ClusterId} answered {Status}; its cached client is dropped and the kubeconfig is read again on the next attempt")]
    public static partial void ClientDroppedAfterAuthFailure(ILogger logger, string clusterId, int status);

    [LoggerMessage(EventId = 1054, Level = LogLevel.Warning, Message = "Refused to {Operation} reserved namespace {Namespace} on {ClusterId}")]
    public static partial void ReservedNamespaceRefused(ILogger logger, string operation, string @namespace, string clusterId);

    [LoggerMessage(EventId = 1072, Level = LogLevel.Warning, Message = "The Kubernetes API of {ClusterId} still forbids {User} to {Verb} namespaces after the propagation deadline")]
    public static partial void PermissionMissing(ILogger logger, string clusterId, string user, string verb);

    [LoggerMessage(EventId = 1071, Level = LogLevel.Warning, Message = "The Kubernetes API server of {ClusterId} is not trusted: {Reason}")]
    public static partial void ServerNotTrusted(ILogger logger, string clusterId, string reason);
}
