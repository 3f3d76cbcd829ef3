using AttachFunctions.Api.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Workflows.Tests;

/// <summary>The product's service composition, as the Functions app's Program.cs and the CLI build it (the Functions host cannot run here).</summary>
public sealed class CompositionTests
{
    [Fact]
    public void Services_ValidSettings_ResolveEveryFunctionAndPassStartupValidation()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["AttachPolicy:Json"] = TestPolicies.SamplePolicy,
            ["DriftRepair:Schedule"] = "0 */30 * * * *",
            ["Security:RequiredAppRole"] = "Attach.Operator",
        });

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotNull(services.GetRequiredService<EventGridWebhookHandler>());
        Assert.NotNull(services.GetRequiredService<EventGridQueueHandler>());
        Assert.NotNull(services.GetRequiredService<AttachApiHandler>());
        Assert.NotNull(services.GetRequiredService<DriftRepairTimerHandler>());
        foreach (var activity in WorkflowRegistration.ActivityTypes)
        {
            Assert.NotNull(services.GetRequiredService(activity));
        }
    }

    [Fact]
    public void Services_InvalidPolicyOrSettings_StartupFailsWithEveryError()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["AttachPolicy:Json"] = """{"version": 1, "scope": {"subscriptions": ["nope"]}, "rules": []}""",
            ["DriftRepair:BatchSize"] = "0",
            ["Security:EasyAuthEnabled"] = "true",
        });

        var error = Assert.Throws<AggregateException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        var messages = string.Join("\n", error.InnerExceptions.Select(e => e.Message));
        Assert.Contains("AttachPolicy:Json", messages, StringComparison.Ordinal);
        Assert.Contains("DriftRepair:BatchSize", messages, StringComparison.Ordinal);
        Assert.Contains("Security:RequiredAppRole", messages, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) => ComposedProduct.From(settings);
}
