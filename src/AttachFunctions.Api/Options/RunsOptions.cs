using Microsoft.Extensions.Options;

namespace AttachFunctions.Api.Options;

/// <summary>
/// Bounds on durable run state (<c>Runs__Retention</c>, <c>Runs__ListMaxPageSize</c>, <c>Runs__PurgePageSize</c>,
/// <c>Runs__DriftRunWait</c>): how long ended runs are kept, how large one page of the fleet view may be, and how long
/// the drift run waits for the clusters' runs of one batch.
/// </summary>
public sealed class RunsOptions
{
    public const string Section = "Runs";

    /// <summary>Ended runs older than this are purged by the drift timer (the latest run of each cluster in scope is kept).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The largest <c>top</c> of <c>GET /api/clusters</c> (also its default).</summary>
    public int ListMaxPageSize { get; set; } = 100;

    /// <summary>Instances the purge reads per page.</summary>
    public int PurgePageSize { get; set; } = 100;

    /// <summary>How long the drift run waits for the runs of one batch before it counts the ones still going as failed.</summary>
    public TimeSpan DriftRunWait { get; set; } = TimeSpan.FromHours(1);
}

public sealed class RunsOptionsValidator : IValidateOptions<RunsOptions>
{
    public ValidateOptionsResult Validate(string? name, RunsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Retention < TimeSpan.FromHours(1) || options.Retention > TimeSpan.FromDays(365))
        {
            errors.Add($"Runs:Retention must be between 1 hour and 365 days (ended runs older than it are purged); got {options.Retention}.");
        }

        if (options.ListMaxPageSize is < 1 or > 1000)
        {
            errors.Add($"Runs:ListMaxPageSize must be between 1 and 1000 (it bounds the memory of one GET /api/clusters); got {options.ListMaxPageSize}.");
        }

        if (options.PurgePageSize is < 1 or > 1000)
        {
            errors.Add($"Runs:PurgePageSize must be between 1 and 1000; got {options.PurgePageSize}.");
        }

        if (options.DriftRunWait < TimeSpan.FromSeconds(1) || options.DriftRunWait > TimeSpan.FromDays(1))
        {
            errors.Add($"Runs:DriftRunWait must be between 1 second and 1 day; got {options.DriftRunWait}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
