using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Options;

/// <summary>Checks the policy source and loads the policy: an invalid policy fails start-up with every error.</summary>
public sealed class AttachPolicyOptionsValidator : IValidateOptions<AttachPolicyOptions>
{
    private readonly PolicySource _source;

    public AttachPolicyOptionsValidator(PolicySource source)
    {
        _source = source;
    }

    public ValidateOptionsResult Validate(string? name, AttachPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = _source.Load(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public sealed class DriftRepairOptionsValidator : IValidateOptions<DriftRepairOptions>
{
    public ValidateOptionsResult Validate(string? name, DriftRepairOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var fields = (options.Schedule ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            errors.Add($"DriftRepair:Schedule must be an NCRONTAB expression with six fields (seconds first), e.g. '0 */30 * * * *'; got '{options.Schedule}'.");
        }

        if (options.BatchSize is < 1 or > 100)
        {
            errors.Add($"DriftRepair:BatchSize must be between 1 and 100 (it bounds parallel ARM writes); got {options.BatchSize}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public sealed class EventGridOptionsValidator : IValidateOptions<EventGridOptions>
{
    public ValidateOptionsResult Validate(string? name, EventGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxBatchSize is < 1 or > 5000)
        {
            errors.Add($"EventGrid:MaxBatchSize must be between 1 and 5000 (Event Grid's maxEventsPerBatch range); got {options.MaxBatchSize}.");
        }

        if (options.MaxBodyBytes is < 1024 or > 4 * 1024 * 1024)
        {
            errors.Add($"EventGrid:MaxBodyBytes must be between 1 KB and 4 MB; got {options.MaxBodyBytes}.");
        }

        errors.AddRange(WebhookAuthenticationErrors(options));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The Entra settings of the webhook: both ids are GUIDs (the issuers are built from the tenant id), the authority is an https base URL.</summary>
    private static IEnumerable<string> WebhookAuthenticationErrors(EventGridOptions options)
    {
        if (options.WebhookAuthority is not { IsAbsoluteUri: true, Scheme: "https" } authority || !authority.AbsolutePath.EndsWith('/') || authority.Query.Length > 0)
        {
            yield return $"EventGrid:WebhookAuthority must be the cloud's https sign-in endpoint ending in '/', e.g. 'https://login.microsoftonline.com/'; got '{options.WebhookAuthority}'.";
        }

        if (string.IsNullOrWhiteSpace(options.WebhookRequiredRole))
        {
            yield return $"EventGrid:WebhookRequiredRole must name the app role Event Grid's principal holds (default '{EventGridOptions.DefaultWebhookRole}').";
        }

        if (!options.WebhookAuthenticationConfigured)
        {
            yield break;
        }

        if (!Guid.TryParseExact(options.WebhookClientId, "D", out _))
        {
            yield return $"EventGrid:WebhookClientId must be the client id (a GUID) of the webhook's Entra application; tokens for '<id>' and 'api://<id>' are accepted. Got '{options.WebhookClientId}'.";
        }

        if (!Guid.TryParseExact(options.WebhookTenantId, "D", out _))
        {
            yield return $"EventGrid:WebhookTenantId must be the tenant id (a GUID) that issues the webhook's tokens when EventGrid:WebhookClientId is set; got '{options.WebhookTenantId}'.";
        }
    }
}

/// <summary>
/// The role check needs a role, and the principal header may be trusted only with App Service Authentication in front:
/// Security:EasyAuthEnabled must agree with what the platform says (<see cref="PlatformAuthentication"/>).
/// </summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    private readonly PlatformAuthentication _platform;

    public SecurityOptionsValidator(PlatformAuthentication platform)
    {
        _platform = platform;
    }

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.EasyAuthEnabled && string.IsNullOrWhiteSpace(options.RequiredAppRole))
        {
            errors.Add("Security:RequiredAppRole must name the app role callers need when Easy Auth is enabled.");
        }

        if (options.EasyAuthEnabled && !_platform.Enabled)
        {
            errors.Add($"Security:EasyAuthEnabled is true but the platform's authentication is off ({PlatformAuthentication.Setting} is not 'true'): without App Service Authentication in front, any caller can send the {Http.EasyAuthGate.PrincipalHeader} header. Turn the app's authentication on (authsettingsV2 platform.enabled) or remove Security__EasyAuthEnabled.");
        }
        else if (!options.EasyAuthEnabled && _platform.Enabled)
        {
            errors.Add($"Security:EasyAuthEnabled is false but App Service Authentication fronts the app ({PlatformAuthentication.Setting}=true): the callers' app role would not be checked. Remove Security__EasyAuthEnabled (it follows the platform).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public sealed class ReconcileOptionsValidator : IValidateOptions<ReconcileOptions>
{
    public ValidateOptionsResult Validate(string? name, ReconcileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ExtensionDeadline < TimeSpan.Zero || options.ExtensionFirstPoll <= TimeSpan.Zero || options.ExtensionMaxPoll < options.ExtensionFirstPoll)
        {
            errors.Add("Reconcile:ExtensionDeadline must be >= 0, ExtensionFirstPoll > 0 and ExtensionMaxPoll >= ExtensionFirstPoll.");
        }

        if (options.StepAttempts is < 1 or > 20 || options.StepFirstRetry <= TimeSpan.Zero || options.StepMaxRetry < options.StepFirstRetry)
        {
            errors.Add("Reconcile:StepAttempts must be 1-20, StepFirstRetry > 0 and StepMaxRetry >= StepFirstRetry.");
        }

        if (options.MaxGenerations is < 1 or > 50 || options.PlanWait <= TimeSpan.Zero || options.PlanWait > TimeSpan.FromSeconds(200))
        {
            errors.Add("Reconcile:MaxGenerations must be 1-50 and PlanWait between 0 and 200 seconds (HTTP answers within 230 s).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
