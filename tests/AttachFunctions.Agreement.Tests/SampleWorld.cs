using AttachFunctions.Core.Policy;
using AttachFunctions.Emulator;
using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Resilience;
using AttachFunctions.Testing;
using AttachFunctions.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static AttachFunctions.Testing.SampleIds;

namespace AttachFunctions.Agreement.Tests;

/// <summary>
/// The sample scenario on a fresh emulator and the product composed against it (the shared <see cref="ProductWorld"/>,
/// without the Durable engine: these tests run the activities themselves), with the sample policy loaded.
/// Emulator time behaviour is cut to milliseconds so tests finish fast without sleeping.
/// </summary>
internal sealed class SampleWorld : IAsyncDisposable
{
    private readonly ProductWorld _product;

    private SampleWorld(ProductWorld product)
    {
        _product = product;
    }

    public EmulatorHost Emulator => _product.Emulator;

    public AttachRuntime Runtime => _product.Runtime;

    public AttachPolicy Policy => _product.Policy;

    public EmulatorState State => Emulator.State;

    public RequestJournal Journal => Emulator.Journal;

    public static async Task<SampleWorld> StartAsync(string? scenarioJson = null, string? policyJson = null, ResilienceOptions? resilience = null)
    {
        var product = await ProductWorld.StartAsync(new ProductWorldOptions
        {
            ScenarioJson = scenarioJson,
            PolicyJson = policyJson ?? File.ReadAllText(RepoPaths.Combine("samples", "policy.json")),
            Resilience = resilience ?? FastResilience(),
            WithEngine = false,

            // These tests have always run with the scenario's token buckets and slower replication and termination.
            Throttling = true,
            Knobs = knobs =>
            {
                knobs.PrincipalReplicationDelay = TimeSpan.FromMilliseconds(150);
                knobs.NamespaceTerminationDuration = TimeSpan.FromMilliseconds(100);
            },
        });
        return new SampleWorld(product);
    }

    public static ResilienceOptions FastResilience() => new()
    {
        KubernetesRetryDelay = TimeSpan.FromMilliseconds(5),
        KubernetesAttemptTimeout = TimeSpan.FromSeconds(5),
        KubernetesTotalTimeout = TimeSpan.FromSeconds(20),
        PrincipalReplicationFirstDelay = TimeSpan.FromMilliseconds(10),
        PrincipalReplicationMaxDelay = TimeSpan.FromMilliseconds(50),
        PrincipalReplicationDeadline = TimeSpan.FromSeconds(10),
    };

    /// <summary>A service of the composed product (an activity, exactly as the engine resolves it).</summary>
    public T Get<T>()
        where T : notnull => _product.Services.GetRequiredService<T>();

    /// <summary>The extension on aks-prod-01 is still installing in the sample; most tests want it done.</summary>
    public void FinishExtensionInstalls() => State.SetExtensionState(AksProd, "azureml", "Succeeded");

    /// <summary>ARM writes + deletes and Kubernetes writes in the journal.</summary>
    public int WritesInJournal() =>
        Journal.Count(e => e.Kind is OperationKind.ArmWrite or OperationKind.ArmDelete && !e.Path.EndsWith("/listClusterUserCredential", StringComparison.OrdinalIgnoreCase)) +
        Journal.Count(e => e.Kind == OperationKind.Kubernetes && e.Method is "POST" or "PUT" or "PATCH" or "DELETE");

    public ValueTask DisposeAsync() => _product.DisposeAsync();
}
