using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>
/// What fails inside a checked host's start (a hosted service's StartAsync) ends it in one line on stderr, with exit
/// code 78 for a setting and 69 for anything else, and a stop asked for during the start ends it cleanly. Before, the
/// host logged "Hosting failed to start" with a stack trace and the exception escaped RunCheckedAsync (the process
/// aborted, exit 134).
/// </summary>
[Collection(ConsoleErrors.Name)]
public sealed class HostStartup_Specs
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task When_a_hosted_service_cannot_reach_what_it_needs_at_start_Should_say_so_in_one_line_and_exit_unavailable()
    {
        var logs = new CapturedLogs();
        var host = BuildHost(logs, new FailingStart(new IOException("Connection refused by store 127.0.0.1:27017",
            new System.Net.Sockets.SocketException(111))));

        var (exitCode, written) = await ConsoleErrors.CaptureAsync(() => host.RunCheckedAsync().WaitAsync(Patience));

        Assert.Equal(HostStartup.Unavailable, exitCode);
        Assert.Equal($"host-startup-spec cannot start: IOException: Connection refused by store 127.0.0.1:27017 (SocketException: Connection refused){Environment.NewLine}", written);
        Assert.DoesNotContain(logs.Records, r => r.Message.Contains("Hosting failed to start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_a_hosted_service_refuses_a_setting_at_start_Should_name_it_and_exit_with_a_configuration_error()
    {
        var logs = new CapturedLogs();
        var host = BuildHost(logs, new FailingStart(new InvalidOperationException("Setting 'Sample:Key' is not a key; expected gpo_<id>_<secret>.")));

        var (exitCode, written) = await ConsoleErrors.CaptureAsync(() => host.RunCheckedAsync().WaitAsync(Patience));

        Assert.Equal(HostStartup.InvalidSettings, exitCode);
        Assert.Equal($"host-startup-spec cannot start: Setting 'Sample:Key' is not a key; expected gpo_<id>_<secret>.{Environment.NewLine}", written);
        Assert.DoesNotContain(logs.Records, r => r.Message.Contains("Hosting failed to start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_a_start_failure_names_a_URI_or_a_connection_string_with_a_password_Should_not_repeat_the_password()
    {
        var host = BuildHost(new CapturedLogs(), new FailingStart(new TimeoutException(
            "No answer from mongodb://gpo:s3cret@db:27017/gpo (Server=db;User Id=gpo;Password=s3cret;)\n   at Somewhere.Else()")));

        var (exitCode, written) = await ConsoleErrors.CaptureAsync(() => host.RunCheckedAsync().WaitAsync(Patience));

        Assert.Equal(HostStartup.Unavailable, exitCode);
        Assert.Equal($"host-startup-spec cannot start: TimeoutException: No answer from mongodb://gpo:***@db:27017/gpo (Server=db;User Id=gpo;Password=***;){Environment.NewLine}", written);
    }

    [Fact]
    public async Task When_the_host_is_stopped_while_it_starts_Should_exit_cleanly_and_say_nothing()
    {
        var logs = new CapturedLogs();
        var waiting = new WaitingStart();
        var host = BuildHost(logs, waiting);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        var (exitCode, written) = await ConsoleErrors.CaptureAsync(async () =>
        {
            var run = host.RunCheckedAsync();
            await waiting.Entered.WaitAsync(Patience);
            lifetime.StopApplication(); // what SIGTERM or Ctrl+C does through the console lifetime
            return await run.WaitAsync(Patience);
        });

        Assert.Equal(HostStartup.Stopped, exitCode);
        Assert.Equal(string.Empty, written);
        Assert.DoesNotContain(logs.Records, r => r.Message.Contains("Hosting failed to start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_a_background_service_fails_while_the_host_still_starts_Should_say_its_failure_and_exit_unavailable()
    {
        // The failed work stops the host (BackgroundServiceExceptionBehavior.StopHost), which cancels the start still
        // waiting: read as a signal, it ended with exit 0 and nothing said, the failure's log entry held back.
        var host = BuildHost(new CapturedLogs(), new FailingWork(new IOException("the queue is gone")), new WaitingStart());

        var (exitCode, written) = await ConsoleErrors.CaptureAsync(() => host.RunCheckedAsync().WaitAsync(Patience));

        Assert.Equal(HostStartup.Unavailable, exitCode);
        Assert.Equal($"host-startup-spec cannot start: IOException: the queue is gone{Environment.NewLine}", written);
    }

    [Fact]
    public async Task When_a_background_service_fails_once_the_host_has_started_Should_say_its_failure_and_exit_unavailable_not_zero()
    {
        // The last service registered: the start is over, or all but over, when its work fails and the host stops itself.
        var host = BuildHost(new CapturedLogs(), new FailingWork(new IOException("the queue is gone")));

        var (exitCode, written) = await ConsoleErrors.CaptureAsync(() => host.RunCheckedAsync().WaitAsync(Patience));

        Assert.Equal(HostStartup.Unavailable, exitCode);
        Assert.Contains("IOException: the queue is gone", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_checked_start_is_cancelled_by_its_caller_Should_stop_the_host_without_reporting_its_running_work_as_failed()
    {
        // `gpo serve --broker` gives up on a broker that never lets the bus start. Cancelled through the start's token,
        // the work already running was cancelled too and the host logged it as a failed BackgroundService, critical,
        // with a stack trace; stopped, the work ends as at any stop.
        var logs = new CapturedLogs();
        var waiting = new WaitingStart();
        var host = BuildHost(logs, new WorkUntilStopped(), waiting);
        using var giveUp = new CancellationTokenSource();

        var start = host.StartCheckedAsync(giveUp.Token);
        await waiting.Entered.WaitAsync(Patience);
        await giveUp.CancelAsync();
        var failed = await start.WaitAsync(Patience);
        host.Dispose();

        Assert.Equal((HostStartup.Stopped, (string?)null), failed);
        Assert.DoesNotContain(logs.Records, r => r.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task When_another_host_fails_to_start_unchecked_Should_still_log_its_failure()
    {
        // The entry is held back only while HostStartup starts a host: anyone else's start logs as before.
        var logs = new CapturedLogs();
        using var host = BuildHost(logs, new FailingStart(new IOException("disk gone")));

        await Assert.ThrowsAsync<IOException>(() => host.StartAsync());

        Assert.Contains(logs.Records, r => r.Level == LogLevel.Error && r.Message.Contains("Hosting failed to start", StringComparison.Ordinal));
    }

    private static IHost BuildHost(CapturedLogs logs, params IHostedService[] services)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "host-startup-spec",
            EnvironmentName = Environments.Production,
        });
        builder.AddServiceDefaults();
        builder.Logging.AddProvider(logs);
        foreach (var service in services)
        {
            builder.Services.AddSingleton(service);
        }

        return builder.Build();
    }

    private sealed class FailingStart(Exception failure) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromException(failure);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Work that runs until the host stops it (a watchdog's timer loop).</summary>
    private sealed class WorkUntilStopped : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private sealed class FailingWork(Exception failure) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw failure;
        }
    }

    /// <summary>A start that waits for what it needs (a broker, a database) until the start is cancelled.</summary>
    private sealed class WaitingStart : IHostedService
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
