using Azure.Core;

namespace AttachFunctions.Infrastructure.Arm;

/// <summary>Azure.Core client options for our ARM pipeline.</summary>
internal sealed class ArmPipelineOptions : ClientOptions
{
    public ArmPipelineOptions(ArmConnectionOptions options)
    {
        Retry.MaxRetries = options.MaxRetries;
        Retry.Delay = options.RetryDelay;
        Retry.MaxDelay = options.MaxRetryDelay;
        Retry.Mode = RetryMode.Exponential;
        Retry.NetworkTimeout = options.NetworkTimeout;
        Diagnostics.IsLoggingContentEnabled = false;
        Diagnostics.ApplicationId = "attachfunctions";
        if (options.Transport is not null)
        {
            Transport = options.Transport;
        }
    }
}
