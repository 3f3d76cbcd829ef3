using AttachFunctions.Core.Policy;
using Azure.Core;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AttachFunctions.Api.Options;

/// <summary>
/// Loads and validates the attach policy once, from inline JSON, a file or a blob (read with the app's identity).
/// Start-up validation calls <see cref="Load"/>; everything else reads <see cref="Policy"/>, which never exists for an
/// invalid document: the app does not run half-configured.
/// </summary>
public sealed class PolicySource
{
    private readonly TokenCredential _credential;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private AttachPolicy? _policy;
    private IReadOnlyList<string>? _errors;

    public PolicySource(TokenCredential credential, ILogger<PolicySource>? logger = null)
    {
        _credential = credential;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The warnings of the loaded policy (accepted on purpose, logged at load); empty when none.</summary>
    public IReadOnlyList<PolicyError> Warnings { get; private set; } = [];

    /// <summary>The validated policy; throws when the configured policy is invalid or missing.</summary>
    public AttachPolicy Policy => _policy ?? throw new InvalidOperationException(
        "The attach policy is not loaded or is invalid: " + string.Join(" | ", _errors ?? ["not loaded yet"]));

    /// <summary>Loads the policy from the options (once) and returns the errors; empty when valid.</summary>
    public IReadOnlyList<string> Load(AttachPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            if (_errors is not null)
            {
                return _errors;
            }

            _errors = LoadCore(options);
            return _errors;
        }
    }

    private List<string> LoadCore(AttachPolicyOptions options)
    {
        var sources = new[] { !string.IsNullOrWhiteSpace(options.Json), !string.IsNullOrWhiteSpace(options.Path), options.BlobUri is not null }.Count(s => s);
        if (sources != 1)
        {
            return [$"Set exactly one of AttachPolicy:Json, AttachPolicy:Path and AttachPolicy:BlobUri (found {sources})."];
        }

        string json;
        string origin;
        try
        {
            if (!string.IsNullOrWhiteSpace(options.Json))
            {
                (json, origin) = (options.Json, "AttachPolicy:Json");
            }
            else if (!string.IsNullOrWhiteSpace(options.Path))
            {
                (json, origin) = (File.ReadAllText(options.Path), $"AttachPolicy:Path ({options.Path})");
            }
            else
            {
                var blob = new BlobClient(options.BlobUri!, _credential);
                json = blob.DownloadContent().Value.Content.ToString();
                origin = $"AttachPolicy:BlobUri ({options.BlobUri!.GetLeftPart(UriPartial.Path)})";
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException)
        {
            return [$"The attach policy could not be read: {ex.GetType().Name}: {ex.Message}"];
        }

        var result = PolicyLoader.Load(json);
        if (!result.IsValid)
        {
            return result.Errors.Select(e => $"{origin}: {e}").DefaultIfEmpty($"{origin}: the policy is invalid.").ToList();
        }

        _policy = result.Policy;
        Warnings = result.Warnings;
        foreach (var warning in result.Warnings)
        {
            ApiLog.PolicyWarning(_logger, origin, warning.ToString());
        }

        return [];
    }
}
