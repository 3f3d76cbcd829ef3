using System.Globalization;
using System.Text.Json.Nodes;

namespace AttachFunctions.Emulator;

/// <summary>Long-running operation status (<c>Azure-AsyncOperation</c>) and result (<c>Location</c>) endpoints.</summary>
internal static class OperationRoutes
{
    public static string MachineLearningStatusUrl(Uri baseUri, AsyncOperation op) =>
        new Uri(baseUri, $"subscriptions/{op.SubscriptionId}/providers/Microsoft.MachineLearningServices/locations/{op.Location}/computeOperationsStatus/{op.Id}")
        + "?api-version=2021-10-01&service=new";

    public static string MachineLearningResultUrl(Uri baseUri, AsyncOperation op) =>
        new Uri(baseUri, $"subscriptions/{op.SubscriptionId}/providers/Microsoft.MachineLearningServices/locations/{op.Location}/computeOperationsResult/{op.Id}")
        + "?api-version=2021-10-01&service=new";

    public static string ContainerServiceStatusUrl(Uri baseUri, AsyncOperation op) =>
        new Uri(baseUri, $"subscriptions/{op.SubscriptionId}/providers/Microsoft.ContainerService/locations/{op.Location}/operations/{op.Id}")
        + "?api-version=2026-01-01";

    public static EmulatorResponse Status(EmulatorState state, EmulatorRequest r, string id)
    {
        if (!state.Operations.TryGetValue(id, out var op))
        {
            return EmulatorResponse.ArmError(404, "OperationNotFound", $"The operation '{id}' was not found.");
        }

        var body = new JsonObject { ["status"] = op.Status };
        if (r.Segments[3].Equals("Microsoft.ContainerService", StringComparison.OrdinalIgnoreCase))
        {
            body["name"] = op.Id;
            body["startTime"] = op.StartedAt.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
            if (op.EndedAt is { } ended)
            {
                body["endTime"] = ended.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
            }
        }

        if (op.Error is { } error)
        {
            body["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
        }

        var response = new EmulatorResponse(200, body);
        return op.Status == "InProgress" ? response.WithHeader("Retry-After", RetryAfter(state)) : response;
    }

    public static EmulatorResponse Result(EmulatorState state, EmulatorRequest r, string id)
    {
        if (!state.Operations.TryGetValue(id, out var op))
        {
            return EmulatorResponse.ArmError(404, "OperationNotFound", $"The operation '{id}' was not found.");
        }

        if (op.Status == "InProgress")
        {
            return new EmulatorResponse(202)
                .WithHeader("Location", MachineLearningResultUrl(r.BaseUri, op))
                .WithHeader("Retry-After", RetryAfter(state));
        }

        return op.Error is { } error ? EmulatorResponse.ArmError(400, error.Code, error.Message) : new EmulatorResponse(200);
    }

    public static string RetryAfter(EmulatorState state) =>
        ((int)Math.Ceiling(state.Knobs.LroRetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
