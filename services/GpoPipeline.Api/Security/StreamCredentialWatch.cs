using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Security;

/// <summary>
/// Ends an open event stream once the key it was opened with is revoked or the stream token it was opened with has
/// expired. Authentication looks only at the start of a request, and a stream may stay open for hours: without this
/// a revoked key went on receiving events. The request's credential is checked again as at its start
/// (<see cref="ApiKeyCredentials"/>, one store read) at most every <see cref="ControlPlaneOptions.StreamRecheckInterval"/>,
/// before an event is written and while none arrives, and a token's stream ends at its expiry.
/// </summary>
public sealed class StreamCredentialWatch(ApiKeyCredentials credentials, TimeProvider clock, IOptions<ControlPlaneOptions> options)
{
    /// <summary>The events of <paramref name="events"/> while the request's key or stream token stays valid; then the stream ends.</summary>
    public async IAsyncEnumerable<T> WhileValidAsync<T>(
        HttpRequest request, ChannelReader<T> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var watch = new Watch(credentials, clock, options.Value.StreamRecheckInterval, request);
        while (await watch.StillValidAsync(cancellationToken))
        {
            var ready = await WaitToReadAsync(events, watch.UntilNextCheck(), cancellationToken);
            if (ready == false)
            {
                yield break; // the hub completed the channel: nothing more will come
            }

            while (ready == true && events.TryRead(out var item))
            {
                if (!await watch.StillValidAsync(cancellationToken))
                {
                    yield break;
                }

                yield return item;
            }
        }
    }

    /// <summary>True when an event can be read, false when none ever will, null when <paramref name="limit"/> passed first.</summary>
    private async Task<bool?> WaitToReadAsync<T>(ChannelReader<T> events, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(limit, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await events.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The last check of one stream's credential and when it is due again.</summary>
    private sealed class Watch(ApiKeyCredentials credentials, TimeProvider clock, TimeSpan interval, HttpRequest request)
    {
        private CredentialCheck last = CredentialCheck.NonePresented;
        private DateTimeOffset? checkedAt;

        public async ValueTask<bool> StillValidAsync(CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            if (checkedAt is null || now - checkedAt >= interval || now >= last.ValidUntil)
            {
                last = await credentials.CheckAsync(request, now, cancellationToken);
                checkedAt = now;
            }

            return last.IsValid;
        }

        public TimeSpan UntilNextCheck()
        {
            var due = checkedAt.GetValueOrDefault() + interval;
            if (last.ValidUntil < due)
            {
                due = last.ValidUntil.Value;
            }

            var left = due - clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }
}
