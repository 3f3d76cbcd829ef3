using System.Globalization;

namespace AttachFunctions.Emulator;

/// <summary>
/// What ARM sends about its throttling: the remaining-request headers on every answer and, when a bucket is empty, 429
/// with <c>Retry-After</c>, the same headers and ARM's error code and message.
/// <para>
/// Headers (Microsoft Learn, "Understand how Azure Resource Manager throttles requests", remaining requests):
/// <c>x-ms-ratelimit-remaining-subscription-reads|writes|deletes</c> (this principal's bucket) and
/// <c>x-ms-ratelimit-remaining-subscription-global-reads|writes|deletes</c> (the subscription's global bucket; recorded
/// values such as <c>…-subscription-reads: 249</c> with <c>…-subscription-global-reads: 3749</c>); requests without a
/// subscription get <c>x-ms-ratelimit-remaining-tenant-reads|writes|deletes</c>.
/// </para>
/// <para>
/// The 429 body, as recorded from a real subscription throttled by the token buckets (velero-io/velero issue #9171):
/// <c>{"error":{"code":"SubscriptionRequestsThrottled","message":"Number of 'read' requests for subscription '…' actor '…'
/// exceeded. Please try again after '1' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling
/// for additional information."}}</c>. A tenant-level throttle's code is not documented; the emulator answers
/// <c>TenantRequestsThrottled</c> in the same shape (the strictest plausible: a client must not depend on the code).
/// </para>
/// </summary>
internal static class ArmThrottlingResponses
{
    public const string SubscriptionThrottledCode = "SubscriptionRequestsThrottled";
    public const string TenantThrottledCode = "TenantRequestsThrottled";

    /// <summary>Adds the remaining-request headers of <paramref name="kind"/> to <paramref name="response"/>.</summary>
    public static EmulatorResponse WithRemaining(this EmulatorResponse response, string? subscription, OperationKind kind, int remaining, int remainingGlobal)
    {
        var suffix = Suffix(kind);
        if (subscription is null)
        {
            return response.WithHeader("x-ms-ratelimit-remaining-tenant-" + suffix, Text(remaining));
        }

        return response
            .WithHeader("x-ms-ratelimit-remaining-subscription-" + suffix, Text(remaining))
            .WithHeader("x-ms-ratelimit-remaining-subscription-global-" + suffix, Text(remainingGlobal));
    }

    /// <summary>429 as ARM sends it when a bucket is empty.</summary>
    public static EmulatorResponse Throttled(string? subscription, string? principal, OperationKind kind, int retryAfterSeconds, int remaining, int remainingGlobal)
    {
        var operation = kind switch
        {
            OperationKind.ArmWrite => "write",
            OperationKind.ArmDelete => "delete",
            _ => "read",
        };
        var scope = subscription is null ? "tenant" : $"subscription '{subscription}'";
        var actor = string.IsNullOrEmpty(principal) ? "" : $" actor '{principal}'";
        return EmulatorResponse.ArmError(
                429,
                subscription is null ? TenantThrottledCode : SubscriptionThrottledCode,
                $"Number of '{operation}' requests for {scope}{actor} exceeded. Please try again after '{Text(retryAfterSeconds)}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.")
            .WithHeader("Retry-After", Text(retryAfterSeconds))
            .WithRemaining(subscription, kind, remaining, remainingGlobal);
    }

    private static string Suffix(OperationKind kind) => kind switch
    {
        OperationKind.ArmWrite => "writes",
        OperationKind.ArmDelete => "deletes",
        _ => "reads",
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
