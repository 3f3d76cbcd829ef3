using Azure.Core.Pipeline;

namespace AttachFunctions.Infrastructure.Arm;

/// <summary>Where ARM is and how the Azure.Core pipeline talks to it.</summary>
public sealed class ArmConnectionOptions
{
    /// <summary>The ARM endpoint; the public cloud by default. Tests and the demo point it at the emulator.</summary>
    public Uri Endpoint { get; set; } = new("https://management.azure.com/");

    /// <summary>The token audience (no trailing slash); <c>/.default</c> is appended for the scope.</summary>
    public string Audience { get; set; } = "https://management.azure.com";

    /// <summary>Azure.Core's own retry for 408/429/5xx honouring Retry-After. The only HTTP-level retry on ARM calls.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The least wait between polls of a long-running operation when the service sends no Retry-After.</summary>
    public TimeSpan DefaultPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The least wait between polls even when the service says Retry-After: 0 (no hot polling loop).</summary>
    public TimeSpan MinimumPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a long-running operation may take before the step gives up (retryable).</summary>
    public TimeSpan LongRunningTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Writes per second per subscription the product allows itself (ARM refills 10/s; stay below).</summary>
    public double WritesPerSecondPerSubscription { get; set; } = 8;

    /// <summary>Writes the product may burst per subscription before its own limiter queues them (ARM's bucket is 200).</summary>
    public int WriteBurstPerSubscription { get; set; } = 150;

    /// <summary>Reads per second per subscription the product allows itself (ARM refills 25/s; stay below).</summary>
    public double ReadsPerSecondPerSubscription { get; set; } = 20;

    /// <summary>Reads the product may burst per subscription before its own limiter queues them (ARM's bucket is 250).</summary>
    public int ReadBurstPerSubscription { get; set; } = 200;

    /// <summary>Transport override (tests and the emulator trust a self-signed certificate through it).</summary>
    public HttpPipelineTransport? Transport { get; set; }

    public void Validate()
    {
        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"Arm:Endpoint must be an absolute https URI (got '{Endpoint}'): Azure.Core sends bearer tokens only over TLS.");
        }

        if (string.IsNullOrWhiteSpace(Audience) || Audience.EndsWith('/'))
        {
            throw new InvalidOperationException($"Arm:Audience must be set and have no trailing slash (got '{Audience}').");
        }

        if (MaxRetries is < 0 or > 10)
        {
            throw new InvalidOperationException($"Arm:MaxRetries must be between 0 and 10 (got {MaxRetries}).");
        }

        if (WritesPerSecondPerSubscription <= 0 || WriteBurstPerSubscription <= 0 || ReadsPerSecondPerSubscription <= 0 || ReadBurstPerSubscription <= 0)
        {
            throw new InvalidOperationException("Arm:WritesPerSecondPerSubscription, Arm:WriteBurstPerSubscription, Arm:ReadsPerSecondPerSubscription and Arm:ReadBurstPerSubscription must be positive.");
        }
    }
}
