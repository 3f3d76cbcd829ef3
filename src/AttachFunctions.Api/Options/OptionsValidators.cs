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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.EasyAuthEnabled && string.IsNullOrWhiteSpace(options.RequiredAppRole)
            ? ValidateOptionsResult.Fail("Security:RequiredAppRole must name the app role callers need when Easy Auth is enabled.")
            : ValidateOptionsResult.Success;
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
