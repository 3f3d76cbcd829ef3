using AttachFunctions.Api.Options;
using AttachFunctions.Core.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AttachFunctions.Workflows.Tests.Security;

/// <summary>A policy that opts in to a tag-only rule starts, and the app logs the warning at load (EventId 3040).</summary>
public sealed class PolicyWarningLogTests
{
    [Fact]
    public void StartUp_PolicyWithAnOptedInTagOnlyRule_Starts_AndLogsTheWarning()
    {
        var policy = TestPolicies.SamplePolicy.Replace(
            "\"resourceGroups\": [\"rg-aks-research\", \"rg-aks-prod\"], \"tags\": { \"ml\": \"enabled\" }",
            "\"tags\": { \"ml\": \"enabled\" }, \"allowTagOnlyMatch\": true",
            StringComparison.Ordinal);
        Assert.Contains("allowTagOnlyMatch", policy, StringComparison.Ordinal);
        var logs = new CapturingLoggerProvider();
        using var provider = ComposedProduct.From(new Dictionary<string, string?> { ["AttachPolicy:Json"] = policy }, l => l.AddProvider(logs));

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.True(provider.GetRequiredService<AttachPolicy>().Rules[0].Match.AllowTagOnlyMatch);
        Assert.Single(provider.GetRequiredService<PolicySource>().Warnings);
        Assert.Equal(1, logs.Count("Warning", "Attach policy warning from AttachPolicy:Json", "$.rules[0].match.allowTagOnlyMatch", "selects clusters by tags alone"));
    }
}
