namespace GpoPipeline.Api.Security;

/// <summary>
/// Re-checks of open calls' credentials that could not read the store, logged once per outage. Every open call
/// re-checks its key every <see cref="ControlPlaneOptions.StreamRecheckInterval"/>, so a store outage used to log a
/// Warning per call per interval (at the 0.1 s minimum, ten a second for each open call). Now the first failure is a
/// Warning, the others while the store stays unreadable Debug, and the first check that works again says so.
/// </summary>
public sealed class RecheckOutage(ILogger logger)
{
    private int failing;

    public void Failed(Exception exception, TimeSpan interval)
    {
        if (Interlocked.Exchange(ref failing, 1) == 0)
        {
            // A store that cannot be read now does not cut a call that was authorized: it is checked again next time.
            logger.LogWarning(exception, "Could not check the credentials of open chat-proxy calls again; the calls go on and are checked again every {Interval} (said once until a check works).", interval);
        }
        else
        {
            logger.LogDebug(exception, "Could not check the credential of an open chat-proxy call again.");
        }
    }

    public void Succeeded()
    {
        if (Volatile.Read(ref failing) == 1 && Interlocked.Exchange(ref failing, 0) == 1)
        {
            logger.LogInformation("The credentials of open chat-proxy calls are checked again.");
        }
    }
}
