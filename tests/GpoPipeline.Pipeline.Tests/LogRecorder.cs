using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>A logger provider that keeps every entry (category, level, formatted message), for specs on what is logged.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>The entries of <typeparamref name="TCategory"/>'s logger.</summary>
    public IReadOnlyList<LogEntry> Of<TCategory>() => [.. _entries.Where(e => e.Category == typeof(TCategory).FullName)];

    public ILogger CreateLogger(string categoryName) => new Recording(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Recording(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
