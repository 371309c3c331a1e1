namespace GpoPipeline.Api.Security;

/// <summary>
/// Re-checks of open calls' credentials that could not read the store. Every open call re-checks its key every
/// <see cref="ControlPlaneOptions.StreamRecheckInterval"/>, so a store outage used to log a Warning per call per
/// interval (at the 0.1 s minimum, ten a second for each open call). Now a failure is a Warning at most once per
/// <see cref="Reminder"/> (a store that stays down, or fails now and then, is said again, not hidden), the others Debug,
/// and the first check that works after a Warning says so.
/// </summary>
public sealed class RecheckOutage(ILogger logger, TimeProvider clock)
{
    public static readonly TimeSpan Reminder = TimeSpan.FromMinutes(5);

    private readonly Lock gate = new();
    private DateTimeOffset? warnedAt;
    private bool unresolved;

    public void Failed(Exception exception, TimeSpan interval)
    {
        bool warn;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            warn = warnedAt is not { } at || now - at >= Reminder;
            warnedAt = warn ? now : warnedAt;
            unresolved |= warn;
        }

        if (warn)
        {
            // A store that cannot be read now does not cut a call that was authorized: it is checked again next time.
            logger.LogWarning(exception, "Could not check the credentials of open chat-proxy calls again; the calls go on and are checked again every {Interval} (said again in {Reminder} at the latest if it lasts).", interval, Reminder);
        }
        else
        {
            logger.LogDebug(exception, "Could not check the credential of an open chat-proxy call again.");
        }
    }

    public void Succeeded()
    {
        bool recovered;
        lock (gate)
        {
            (recovered, unresolved) = (unresolved, false);
        }

        if (recovered)
        {
            logger.LogInformation("The credentials of open chat-proxy calls are checked again.");
        }
    }
}
