using Microsoft.Extensions.Logging;

namespace GpoPipeline.Llm;

/// <summary>
/// The loggers handed to Microsoft.Extensions.AI's logging client unless <c>Telemetry:LogPromptText</c> is on:
/// that client writes whole messages, options and replies only when Trace is enabled (Debug gets one line
/// per call without content), so reporting Trace as disabled keeps prompts and examples out of every sink.
/// </summary>
internal sealed class PromptFreeLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new PromptFreeLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The inner factory belongs to the host.
    }

    private sealed class PromptFreeLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel > LogLevel.Trace && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
