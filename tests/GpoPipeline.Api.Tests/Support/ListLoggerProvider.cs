using Microsoft.Extensions.Logging;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>Keeps every log line (message, exception and scope-free) so specs can assert what never appears in logs.</summary>
public sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ListLogger(lines, categoryName);

    public void Dispose()
    {
    }

    private sealed class ListLogger(List<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add($"{category} {formatter(state, exception)} {exception}");
            }
        }
    }
}
