using Grpc.Core;

namespace AttachFunctions.Workflows.Runs;

/// <summary>Recognizes "an instance with this id already exists" across client versions.</summary>
public static class DurableErrors
{
    /// <summary>
    /// True for a duplicate start: newer clients throw <c>OrchestrationAlreadyExistsException</c>; up to 1.21 the raw
    /// gRPC <see cref="RpcException"/> with <see cref="StatusCode.AlreadyExists"/> propagates.
    /// </summary>
    public static bool IsAlreadyExists(Exception ex) => ex switch
    {
        RpcException rpc => rpc.StatusCode == StatusCode.AlreadyExists,
        _ when ex.GetType().Name == "OrchestrationAlreadyExistsException" => true,
        InvalidOperationException ioe => ioe.Message.EndsWith("already exists.", StringComparison.Ordinal),
        _ => false,
    };
}
