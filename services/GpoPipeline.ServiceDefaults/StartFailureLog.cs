using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// Holds back the host's own "Hosting failed to start" entry (an error of category
/// <c>Microsoft.Extensions.Hosting.Internal.Host</c>, with the exception's stack trace), and its critical "A
/// BackgroundService has thrown an unhandled exception, and the IHost instance is stopping" (a background service
/// already started whose token the start's cancellation cancelled: `gpo serve --broker` giving up on a broker that
/// does not answer printed the scheduler's watchdog's OperationCanceledException with its stack trace), while
/// <see cref="HostStartup"/> starts a host and says a failure itself, in one line. Only during that start and only in
/// its own flow (another host in the same process logs as before); every other entry, and that one after the start
/// (a BackgroundService that fails later), is written as configured.
/// </summary>
internal static class StartFailureLog
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    // A box, not a bool: what the start set off (a BackgroundService's loop) keeps the flow's value, and must see the
    // start end.
    private static readonly AsyncLocal<StrongBox<bool>?> Holding = new();

    /// <summary>Holds the entry back until the result is disposed (in this flow).</summary>
    public static IDisposable Hold()
    {
        var held = new StrongBox<bool>(true);
        Holding.Value = held;
        return new Release(held);
    }

    /// <summary>
    /// Every logging rule, and one for the categories no rule names, also asks <see cref="Written"/>: the filter sees the
    /// rule that matches a category best, so one added for the host's category alone would lose the configured level.
    /// </summary>
    public static void AddTo(ILoggingBuilder logging) =>
        logging.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            var rules = options.Rules.Select(rule => new LoggerFilterRule(rule.ProviderName, rule.CategoryName, rule.LogLevel, Also(rule.Filter))).ToList();
            options.Rules.Clear();
            options.Rules.Add(new LoggerFilterRule(null, null, options.MinLevel, Also(null))); // first: the least specific
            foreach (var rule in rules)
            {
                options.Rules.Add(rule);
            }
        });

    private static Func<string?, string?, LogLevel, bool> Also(Func<string?, string?, LogLevel, bool>? filter) =>
        (provider, category, level) => Written(category, level) && (filter?.Invoke(provider, category, level) ?? true);

    private static bool Written(string? category, LogLevel level) =>
        !(level >= LogLevel.Error && Holding.Value is { Value: true } && string.Equals(category, HostCategory, StringComparison.Ordinal));

    private sealed class Release(StrongBox<bool> held) : IDisposable
    {
        public void Dispose() => held.Value = false;
    }
}
