using AttachFunctions.Workflows.Model;

namespace AttachFunctions.Api.Options;

/// <summary>Where the attach policy comes from (app settings <c>AttachPolicy__Json</c>, <c>__Path</c>, <c>__BlobUri</c>); exactly one is set.</summary>
public sealed class AttachPolicyOptions
{
    public const string Section = "AttachPolicy";

    /// <summary>The policy as inline JSON.</summary>
    public string? Json { get; set; }

    /// <summary>A local file holding the policy (local runs).</summary>
    public string? Path { get; set; }

    /// <summary>A blob holding the policy, read with the app's identity.</summary>
    public Uri? BlobUri { get; set; }
}

/// <summary>The drift-repair timer (<c>DriftRepair__Schedule</c>, <c>DriftRepair__BatchSize</c>).</summary>
public sealed class DriftRepairOptions
{
    public const string Section = "DriftRepair";

    /// <summary>NCRONTAB with seconds (six fields); the timer trigger reads the same setting.</summary>
    public string Schedule { get; set; } = "0 */30 * * * *";

    /// <summary>Clusters reconciled in parallel by one drift run.</summary>
    public int BatchSize { get; set; } = 10;
}

/// <summary>
/// The Event Grid webhook (<c>EventGrid__MaxBatchSize</c>, <c>__MaxBodyBytes</c>) and the Entra application its deliveries
/// are authenticated against (<c>EventGrid__WebhookClientId</c>, <c>__WebhookTenantId</c>, <c>__WebhookAuthority</c>,
/// <c>__WebhookRequiredRole</c>). The event subscription's webhook destination names the same application
/// (azureActiveDirectoryTenantId, azureActiveDirectoryApplicationIdOrUri), and Event Grid then sends an access token for
/// it with every delivery (Microsoft Learn, "Deliver events to Microsoft Entra protected endpoints").
/// </summary>
public sealed class EventGridOptions
{
    public const string Section = "EventGrid";

    /// <summary>The app role Event Grid's service principal is assigned on the webhook's application in that article's script.</summary>
    public const string DefaultWebhookRole = "AzureEventGridSecureWebhookSubscriber";

    /// <summary>The largest batch accepted; the event subscription's maxEventsPerBatch should not exceed it.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>The largest body accepted (Event Grid batches are at most 1 MB).</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Client id of the webhook's Entra application: tokens must be issued for <c>&lt;id&gt;</c> or <c>api://&lt;id&gt;</c>.
    /// Unset: the webhook refuses every delivery (401); the queue delivery does not need it.
    /// </summary>
    public string? WebhookClientId { get; set; }

    /// <summary>The tenant (GUID) that issues the tokens; only its v1 and v2 issuers are accepted.</summary>
    public string? WebhookTenantId { get; set; }

    /// <summary>The cloud's sign-in endpoint; the tenant's OpenID metadata is read from <c>{authority}{tenant}/v2.0/.well-known/openid-configuration</c>.</summary>
    public Uri WebhookAuthority { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>The app role the token's <c>roles</c> claim must hold.</summary>
    public string WebhookRequiredRole { get; set; } = DefaultWebhookRole;

    /// <summary>True when a client id is set: deliveries can be authenticated.</summary>
    public bool WebhookAuthenticationConfigured => !string.IsNullOrWhiteSpace(WebhookClientId);
}

/// <summary>
/// The on-demand HTTP API's caller check (<c>Security__RequiredAppRole</c>, <c>Security__EasyAuthEnabled</c>). Function keys
/// are always required; when App Service Authentication (Easy Auth) fronts the app, the caller must also hold the app role.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The app role a caller must hold (from the Easy Auth principal header).</summary>
    public string? RequiredAppRole { get; set; }

    /// <summary>
    /// True when Easy Auth fronts the app. Defaults to what the platform says (<see cref="PlatformAuthentication"/>); a value
    /// that disagrees with the platform fails start-up, so the principal header is never trusted without the platform in front.
    /// </summary>
    public bool EasyAuthEnabled { get; set; }
}

/// <summary>Timing of reconcile runs (<c>Reconcile__*</c>); passed to orchestrations in their input.</summary>
public sealed class ReconcileOptions
{
    public const string Section = "Reconcile";

    public TimeSpan ExtensionDeadline { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan ExtensionFirstPoll { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ExtensionMaxPoll { get; set; } = TimeSpan.FromMinutes(5);

    public int StepAttempts { get; set; } = 5;

    public TimeSpan StepFirstRetry { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan StepMaxRetry { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxGenerations { get; set; } = 5;

    /// <summary>How long <c>GET /api/plan</c> waits for the dry run before answering 202 with a status URL.</summary>
    public TimeSpan PlanWait { get; set; } = TimeSpan.FromSeconds(20);

    public ReconcileSettings ToSettings() => new()
    {
        ExtensionDeadline = ExtensionDeadline,
        ExtensionFirstPoll = ExtensionFirstPoll,
        ExtensionMaxPoll = ExtensionMaxPoll,
        StepAttempts = StepAttempts,
        StepFirstRetry = StepFirstRetry,
        StepMaxRetry = StepMaxRetry,
        MaxGenerations = MaxGenerations,
    };
}
