using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AttachFunctions.Workflows.Tests;

/// <summary>Captures every formatted log line (and exception text) of the product, for assertions and the secret scan.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Lines);

    public void Dispose()
    {
    }

    /// <summary>Lines that contain every fragment.</summary>
    public int Count(params string[] fragments) => Lines.Count(l => fragments.All(f => l.Contains(f, StringComparison.Ordinal)));

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception)}");
        }
    }
}
