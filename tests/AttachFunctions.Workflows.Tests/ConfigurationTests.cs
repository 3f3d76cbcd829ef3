using System.Text.Json;
using AttachFunctions.Api.EventGrid;
using AttachFunctions.Api.Options;
using AttachFunctions.TestSupport;
using Azure.Core;

namespace AttachFunctions.Workflows.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void EventOperations_MatchTheInfraFilter()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("infra", "event-operations.json")));

        var types = doc.RootElement.GetProperty("includedEventTypes").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var operations = doc.RootElement.GetProperty("operationNames").EnumerateArray().Select(e => e.GetString()!).ToArray();

        Assert.Equal(EventOperations.IncludedEventTypes.Order(StringComparer.Ordinal), types.Order(StringComparer.Ordinal));
        Assert.Equal(EventOperations.OperationNames.Order(StringComparer.Ordinal), operations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PolicyValidation_InvalidPolicy_FailsStartUpWithTheErrors()
    {
        var validator = new AttachPolicyOptionsValidator(new PolicySource(new NoCredential()));

        var result = validator.Validate(null, new AttachPolicyOptions { Json = """{"version": 1, "scope": {"subscriptions": ["not-a-guid"]}, "rules": []}""" });

        Assert.True(result.Failed);
        Assert.Contains("AttachPolicy:Json", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyValidation_NoSourceOrTwoSources_FailsStartUp()
    {
        Assert.True(new AttachPolicyOptionsValidator(new PolicySource(new NoCredential())).Validate(null, new AttachPolicyOptions()).Failed);
        Assert.True(new AttachPolicyOptionsValidator(new PolicySource(new NoCredential()))
            .Validate(null, new AttachPolicyOptions { Json = TestPolicies.SamplePolicy, Path = "policy.json" }).Failed);
    }

    [Fact]
    public void PolicyValidation_ValidPolicy_Loads()
    {
        var source = new PolicySource(new NoCredential());

        var result = new AttachPolicyOptionsValidator(source).Validate(null, new AttachPolicyOptions { Json = TestPolicies.SamplePolicy });

        Assert.True(result.Succeeded);
        Assert.Single(source.Policy.Rules);
    }

    [Fact]
    public void SecurityValidation_EasyAuthWithoutRole_FailsStartUp()
    {
        Assert.True(new SecurityOptionsValidator(new PlatformAuthentication(true)).Validate(null, new SecurityOptions { EasyAuthEnabled = true }).Failed);
        Assert.True(new DriftRepairOptionsValidator().Validate(null, new DriftRepairOptions { Schedule = "*/5 * * * *" }).Failed);
    }

    [Fact]
    public void HostJson_UsesTheTaskHubSettingAndFlexTimeout()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("host.json")));
        var durable = doc.RootElement.GetProperty("extensions").GetProperty("durableTask");

        Assert.Equal("%TaskHubName%", durable.GetProperty("hubName").GetString());
        Assert.True(durable.GetProperty("maxConcurrentActivityFunctions").GetInt32() > 0);
        Assert.Equal("00:30:00", doc.RootElement.GetProperty("functionTimeout").GetString());
    }

    private sealed class NoCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
