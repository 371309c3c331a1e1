using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Security;

/// <summary>
/// Cancels a long call once the key it was authenticated with is revoked, or the stream token it presented expires.
/// Authentication looks only at the start of a request, and a chat-proxy call stays open while the task model answers
/// (a streamed answer for minutes): without this a revoked key went on being served until the upstream finished. The
/// request's credential is checked again as at its start (<see cref="ApiKeyCredentials"/>, one store read) every
/// <see cref="ControlPlaneOptions.StreamRecheckInterval"/>, the same bound the event streams keep
/// (<see cref="StreamCredentialWatch"/>), on a timer: a call waiting for the upstream's next chunk is cut too.
/// </summary>
public sealed class CallCredentialWatch(
    ApiKeyCredentials credentials, TimeProvider clock, IOptions<ControlPlaneOptions> options, ILogger<CallCredentialWatch> logger)
{
    /// <summary>Watches <paramref name="request"/>'s credential until the returned watch is disposed.</summary>
    public CredentialWatch Start(HttpRequest request, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new CredentialWatch(this, request, requestAborted);
    }

    private TimeSpan Interval => options.Value.StreamRecheckInterval;

    private TimeProvider Clock => clock;

    private readonly RecheckOutage outage = new(logger, clock);

    private async Task<bool> StillValidAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var check = await credentials.CheckAsync(request, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        outage.Succeeded();
        return check.IsValid;
    }

    private void CouldNotCheck(Exception exception) => outage.Failed(exception, Interval);

    /// <summary>One call's watch: <see cref="Token"/> is cancelled when the request is aborted or its credential lapses.</summary>
    public sealed class CredentialWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource lapsed = new();
        private readonly CancellationTokenSource either;
        private readonly Task watching;

        internal CredentialWatch(CallCredentialWatch owner, HttpRequest request, CancellationToken requestAborted)
        {
            either = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lapsed.Token);
            watching = WatchAsync(owner, request);
        }

        /// <summary>Cancelled when the client went away or the credential the call was made with is no longer valid.</summary>
        public CancellationToken Token => either.Token;

        /// <summary>True once the credential lapsed (revoked key, expired stream token) during the call.</summary>
        public bool Lapsed => lapsed.IsCancellationRequested;

        private async Task WatchAsync(CallCredentialWatch owner, HttpRequest request)
        {
            while (!either.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(owner.Interval, owner.Clock, either.Token).ConfigureAwait(false);
                    if (!await owner.StillValidAsync(request, either.Token).ConfigureAwait(false))
                    {
                        await lapsed.CancelAsync().ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (either.IsCancellationRequested)
                {
                    return; // the call ended, or the client went away
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    owner.CouldNotCheck(ex);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await either.CancelAsync().ConfigureAwait(false); // ends the watch; the request's own token is untouched
            await watching.ConfigureAwait(false);
            either.Dispose();
            lapsed.Dispose();
        }
    }
}
