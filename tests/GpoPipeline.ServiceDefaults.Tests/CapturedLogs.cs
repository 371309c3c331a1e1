using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>Keeps every log record (level, category, message) a host writes.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _records = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Records => [.. _records];

    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, _records);

    public void Dispose()
    {
    }

    private sealed class Capturing(string category, ConcurrentQueue<(LogLevel, string, string)> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            records.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
