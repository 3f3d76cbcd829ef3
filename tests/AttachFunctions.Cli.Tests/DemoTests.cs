namespace AttachFunctions.Cli.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_SampleScenario_PlaysEveryStepConvergesAndExitsZero()
    {
        var result = await Cli.RunAsync("demo");

        Assert.True(result.Exit == 0, result.Out + result.Err);
        foreach (var step in new[] { "1/6 Event Grid deliveries", "2/6 Live progress", "3/6 Final state", "4/6 Injected drift", "5/6 Drift repair", "6/6 Summary" })
        {
            Assert.Contains(step, result.Out, StringComparison.Ordinal);
        }

        // Deliveries in both schemas and both handshakes.
        Assert.Contains("SubscriptionValidation → 200, validationResponse: demo-validation-code", result.Out, StringComparison.Ordinal);
        Assert.Contains("WebHook-Allowed-Origin: eventgrid.azure.net", result.Out, StringComparison.Ordinal);
        Assert.Contains("delivery (Event Grid schema", result.Out, StringComparison.Ordinal);
        Assert.Contains("delivery (CloudEvents", result.Out, StringComparison.Ordinal);
        Assert.Contains("extension 'azureml' on aks-prod-01: Creating → Succeeded", result.Out, StringComparison.Ordinal);

        // The converged final table: every compute the sample policy asks for, Succeeded.
        foreach (var compute in new[] { "aks-research-r", "aks-research-p", "aks-prod-01-r", "aks-prod-01-p", "arc-edge-01-r", "arc-edge-01-p" })
        {
            Assert.Matches($@"\| {compute}\s+\|[^\n]*\| Succeeded \|", result.Out);
        }

        Assert.Matches(@"\| aks-sandbox-01\s+\| AF012-ExtensionMissing", result.Out);
        Assert.Matches(@"\| aks-partner-01\s+\| AF011-AksCrossSubscription", result.Out);
        Assert.Matches(@"\| arc-edge-02\s+\| AF014-ExtensionFailed", result.Out);
        Assert.Contains("Every attachable cluster's plan (GET /api/plan) now has no write step: yes", result.Out, StringComparison.Ordinal);

        // Drift and its repair.
        Assert.Contains("detached (deleted from the workspace)", result.Out, StringComparison.Ordinal);
        Assert.Contains("set to Failed", result.Out, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(result.Out, "  repaired: "));
        Assert.Contains("(the drifted ones: exactly those)", result.Out, StringComparison.Ordinal);
        Assert.Contains("no write touched anything that had not drifted", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"\| drifts injected / repaired\s+\| 3 / 3", result.Out);
        Assert.Contains("ARM reads / writes / deletes", result.Out, StringComparison.Ordinal);
        Assert.Contains("RESULT: converged.", result.Out, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
