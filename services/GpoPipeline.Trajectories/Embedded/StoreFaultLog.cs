using Microsoft.Extensions.Logging;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>The one Critical line an embedded store writes when it breaks for good (<see cref="StoreFaultMonitor"/>).</summary>
internal static partial class StoreFaultLog
{
    public const string Category = "GpoPipeline.Trajectories.EmbeddedStore";

    /// <returns>Null without loggers (the CLI's read-only commands, specs): the fault is still there to ask.</returns>
    public static Action<StoreFault>? To(ILoggerFactory? loggers)
    {
        if (loggers is null)
        {
            return null;
        }

        var logger = loggers.CreateLogger(Category);
        return fault => Broke(logger, fault.Describe(), fault.Cause);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Fault} The liveness check fails from now on, so that the process is restarted.")]
    private static partial void Broke(ILogger logger, string fault, Exception cause);
}
