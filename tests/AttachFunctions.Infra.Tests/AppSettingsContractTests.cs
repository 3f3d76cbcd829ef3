using System.Text.Json.Nodes;
using AttachFunctions.Api.Options;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Infra.Tests;

/// <summary>
/// The settings the deployment writes are the settings the app reads: every name the Bicep writes is read by an
/// options class the product binds (or by the platform), every setting the app reads is documented in
/// local.settings.sample.json, and the ones the Bicep leaves out are exactly the optional settings with defaults.
/// </summary>
public sealed class AppSettingsContractTests
{
    /// <summary>Read by the Functions host, Azure.Identity or the telemetry exporter rather than by our options classes.</summary>
    private static readonly HashSet<string> PlatformSettings = new(StringComparer.Ordinal)
    {
        "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
        "AZURE_CLIENT_ID", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "TaskHubName",
    };

    /// <summary>Local-only settings of the sample (a connection string to a local storage emulator, the worker runtime).</summary>
    private static readonly HashSet<string> LocalOnlySettings = new(StringComparer.Ordinal) { "FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage" };

    /// <summary>Settings the app reads that the deployment deliberately leaves to their defaults.</summary>
    private static readonly string[] OptionalWithDefaults =
    [
        "AttachPolicy__Path", "EventGrid__MaxBodyBytes", "Security__EasyAuthEnabled",
        "Reconcile__ExtensionDeadline", "Reconcile__ExtensionFirstPoll", "Reconcile__ExtensionMaxPoll",
        "Reconcile__StepAttempts", "Reconcile__StepFirstRetry", "Reconcile__StepMaxRetry", "Reconcile__MaxGenerations", "Reconcile__PlanWait",
        "Arm__Audience", "Arm__MaxRetries", "Arm__RetryDelay", "Arm__MaxRetryDelay", "Arm__NetworkTimeout", "Arm__DefaultPollInterval",
        "Arm__MinimumPollInterval", "Arm__LongRunningTimeout", "Arm__WritesPerSecondPerSubscription", "Arm__WriteBurstPerSubscription",
        "Arm__ReadsPerSecondPerSubscription", "Arm__ReadBurstPerSubscription",
        "Resilience__KubernetesAttemptTimeout", "Resilience__KubernetesTotalTimeout", "Resilience__KubernetesMaxRetries", "Resilience__KubernetesRetryDelay",
        "Resilience__KubernetesCircuitFailureRatio", "Resilience__KubernetesCircuitMinimumThroughput", "Resilience__KubernetesCircuitSamplingDuration",
        "Resilience__KubernetesCircuitBreakDuration", "Resilience__PrincipalReplicationDeadline", "Resilience__PrincipalReplicationFirstDelay",
        "Resilience__PrincipalReplicationMaxDelay", "Kubernetes__HttpTimeout",
        "Resilience__KubernetesPermissionPropagationDeadline", "Resilience__KubernetesPermissionRetryFirstDelay", "Resilience__KubernetesPermissionRetryMaxDelay",
        "Runs__Retention", "Runs__ListMaxPageSize", "Runs__PurgePageSize", "Runs__DriftRunWait",
        "Kubernetes__ClientLifetime", "EventGrid__WebhookRequiredRole",
    ];

    private static HashSet<string> SettingsTheAppReads() => BoundSettings.Names().ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Deployment_EverySettingItWrites_IsReadByTheAppOrThePlatform()
    {
        var reads = SettingsTheAppReads();
        var unread = InfraFiles.ReadAppSettings().Select(s => s.Name).Where(n => !reads.Contains(n) && !PlatformSettings.Contains(n)).ToList();

        Assert.Empty(unread);
    }

    [Fact]
    public void Deployment_SettingsItLeavesOut_AreExactlyTheOptionalOnes()
    {
        var written = InfraFiles.ReadAppSettings().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        var leftOut = SettingsTheAppReads().Where(n => !written.Contains(n)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(OptionalWithDefaults.Order(StringComparer.Ordinal), leftOut);
    }

    [Fact]
    public void LocalSettingsSample_DocumentsExactlyTheSettingsTheAppReads()
    {
        var sample = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("local.settings.sample.json")))!;
        var values = sample["Values"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var documented = sample["Documentation"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var expected = SettingsTheAppReads().Concat(PlatformSettings.Where(p => !p.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal))).Concat(LocalOnlySettings)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(expected.Order(StringComparer.Ordinal), values.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(values, v => !documented.Contains(v));
    }

    [Fact]
    public void HostJson_TaskHub_ComesFromTheTaskHubNameSetting()
    {
        var host = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("host.json")))!;

        Assert.Equal("%TaskHubName%", host["extensions"]?["durableTask"]?["hubName"]?.GetValue<string>());
    }
}
