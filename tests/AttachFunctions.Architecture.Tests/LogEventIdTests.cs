using System.Reflection;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Architecture.Tests;

/// <summary>Every structured log message of the product has its own EventId, so an id means one thing in a query.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_EventIds_AreUniqueAcrossTheSolution()
    {
        var messages = ProjectGraphTests.ProductAssemblies()
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.True(messages.Count >= 25, $"Only {messages.Count} [LoggerMessage] methods found: the scan is not seeing the product's logs.");
        var duplicates = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();
        Assert.True(duplicates.Count == 0, $"EventIds used twice:\n{string.Join("\n", duplicates)}");
    }
}
