using System.Text.Json.Nodes;

namespace AttachFunctions.Infrastructure.Arm;

/// <summary>An ARM response the product reads: status, JSON body and the headers that drive long-running operations.</summary>
public sealed record ArmResult(int Status, JsonNode? Body, TimeSpan? RetryAfter, Uri? AsyncOperation, Uri? Location)
{
    public bool IsNotFound => Status == 404;
}
