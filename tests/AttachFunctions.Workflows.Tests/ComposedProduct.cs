using AttachFunctions.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Workflows.Tests;

/// <summary>
/// The product composed as the Functions host composes it (<c>AddAttachFunctions</c> over these settings), without
/// starting anything: for tests of settings binding and start-up validation.
/// </summary>
internal static class ComposedProduct
{
    public static ServiceProvider From(IEnumerable<KeyValuePair<string, string?>> settings, Action<ILoggingBuilder>? logging = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging ?? (_ => { }));
        services.AddAttachFunctions(configuration);
        return services.BuildServiceProvider();
    }
}
