using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Champions;

/// <summary>
/// Every ControlPlane:AnnouncementRetryInterval, announces the champion versions still marked unannounced after that
/// long (<see cref="ChampionAnnouncements"/>): a rollback whose request could not publish, a promotion whose run end went
/// to challenge-decider_error. Younger ones are left to their writer, which is usually publishing them right then.
/// </summary>
public sealed partial class ChampionAnnouncementSweep(
    IServiceScopeFactory scopes, IBus bus, IOptions<ControlPlaneOptions> options, TimeProvider clock, ILogger<ChampionAnnouncementSweep> logger) : BackgroundService
{
    /// <summary>Announces the versions marked before <paramref name="now"/> less the interval; returns how many it announced.</summary>
    public async Task<int> AnnounceOverdueAsync(DateTime now, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<ControlPlaneStore>();
        var announcements = scope.ServiceProvider.GetRequiredService<ChampionAnnouncements>();
        var announced = 0;
        foreach (var version in await store.ListUnannouncedChampionsAsync(cancellationToken))
        {
            if (now - version.PromotedAt < options.Value.AnnouncementRetryInterval)
            {
                continue;
            }

            try
            {
                await announcements.AnnounceAsync(version, bus, cancellationToken);
                LogAnnouncedLate(version.Task, version.Number);
                announced++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogNotAnnounced(ex, version.Task, version.Number); // still marked: the next round tries again
            }
        }

        return announced;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AnnouncementRetryInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await AnnounceOverdueAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Champion v{Version} of task {Task} announced late: its writer had not published ChampionPromoted")]
    private partial void LogAnnouncedLate(string task, int version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Champion v{Version} of task {Task} could not be announced; the next round tries again")]
    private partial void LogNotAnnounced(Exception ex, string task, int version);

    [LoggerMessage(Level = LogLevel.Error, Message = "The champion announcement sweep failed; it tries again at the next interval")]
    private partial void LogFailed(Exception ex);
}
