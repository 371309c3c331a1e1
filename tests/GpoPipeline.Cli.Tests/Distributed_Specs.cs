using System.Net;
using System.Net.Sockets;
using GpoPipeline.Contracts;
using GpoPipeline.Testing;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// `gpo optimize --distributed` (issues 11 and 18): the run and its dataset travel to a deployment of separate
/// processes over RabbitMQ; an unreachable or malformed broker is reported in one line, never a silent wait.
/// </summary>
public sealed class Distributed_Specs
{
    /// <summary>What serve needs to get past its settings without --simulated (no call is made in these specs); optimize ignores them.</summary>
    private static readonly Dictionary<string, string?> ServeModels = new() { ["Llm__Task__Model"] = "task-model", ["Llm__Optimizer__Model"] = "optimizer-model" };

    private static readonly string[] Models = ["--task-model", "sim-task", "--optimizer-model", "sim-optimizer"];

    [Fact]
    public async Task When_no_broker_listens_Should_say_where_in_one_line()
    {
        using var closed = new ClosedPort();
        var port = closed.Port;

        var result = await GpoRun.ExecuteAsync(["optimize", "--distributed", "--broker", $"amqp://127.0.0.1:{port}", "--data", Repo.Data("bbh/navigate"), .. Models]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"No RabbitMQ answers at 127.0.0.1:{port} (connection refused)", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("submitted", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_serve_is_given_an_unreachable_broker_Should_refuse_before_serving()
    {
        using var closed = new ClosedPort();
        var port = closed.Port;
        using var store = new TempStore(); // never the user's default store: another spec (or a developer's gpo) may hold it

        var result = await GpoRun.ExecuteAsync("serve", "--simulated", "--port", "0", "--broker", $"amqp://127.0.0.1:{port}", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"No RabbitMQ answers at 127.0.0.1:{port}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("serving", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("optimize")]
    [InlineData("serve")]
    public async Task When_the_broker_refuses_the_login_Should_say_so_in_one_line_without_the_password(string command)
    {
        // A process, so everything it prints is seen: it said "Broker unreachable" (optimize) or "None of the specified
        // endpoints were reachable" after a logged stack trace (serve).
        var broker = new UriBuilder(RabbitMqBroker.Uri) { UserName = "gpo-nobody", Password = "s3cret" }.Uri.ToString();
        using var store = new TempStore();
        string[] args = command == "optimize"
            ? ["optimize", "--distributed", "--broker", broker, "--data", Repo.Data("bbh/navigate"), .. Models]
            : ["serve", "--port", "0", "--broker", broker, "--store", store.Path];

        var result = await GpoProcess.RunAsync(ServeModels, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("gpo: Broker ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("the login of user 'gpo-nobody' was refused", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("s3cret", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("submitted", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_serve_is_given_a_port_in_use_Should_say_so_in_one_line()
    {
        // Kestrel's start failed inside the host: a logged stack trace before gpo's own line.
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        using var store = new TempStore();

        var result = await GpoProcess.RunAsync(ServeModels, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"port {port} is in use by another process", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(--port sets urls)", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_serve_is_started_without_models_Should_say_how_to_set_them_in_one_line()
    {
        // The host's start refused the settings: "Hosting failed to start" with two stack traces before gpo's own line.
        using var store = new TempStore();

        var result = await GpoProcess.RunAsync(null, "serve", "--port", "0", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Setting 'Llm:Task:Model' is invalid", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Llm__Task__Model", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--simulated", result.Stderr, StringComparison.Ordinal);
        Assert.All(result.Stderr.Trim().Split('\n'), line => Assert.Contains("' is invalid: The Model field is required.", line, StringComparison.Ordinal)); // one line per setting
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_serve_is_given_a_bad_llm_setting_that_is_not_a_model_Should_name_it_without_the_models_hint(bool simulated)
    {
        // The hint on how to set the models was added to any problem naming an Llm setting, --simulated or not.
        using var store = new TempStore();
        var environment = new Dictionary<string, string?>(ServeModels) { ["Llm__Task__Timeout"] = "00:00:00" };
        string[] args = ["serve", "--port", "0", "--store", store.Path, .. simulated ? new[] { "--simulated" } : []];

        var result = await GpoProcess.RunAsync(environment, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Setting 'Llm:Task:Timeout' is invalid", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("serve takes the models", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Llm__Task__Model", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("optimize")]
    [InlineData("serve")]
    public async Task When_the_broker_is_not_an_amqp_uri_Should_say_what_is_expected_without_the_password(string command)
    {
        using var store = new TempStore();
        string[] args = command == "optimize"
            ? ["optimize", "--distributed", "--broker", "http://user:s3cret@host", "--data", Repo.Data("bbh/navigate"), .. Models]
            : ["serve", "--broker", "http://user:s3cret@host", "--store", store.Path];

        var result = await GpoRun.ExecuteAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("expected an amqp:// or amqps:// URI", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_run_is_submitted_to_worker_processes_Should_follow_it_to_completion()
    {
        await using var cluster = await ProcessCluster.StartAsync(scorers: 2);
        var environment = new Dictionary<string, string?>
        {
            ["Messaging__EndpointPrefix"] = cluster.EndpointPrefix,
        };

        // The data folder exists only here: the workers run elsewhere and get the dataset inside the StartRun.
        var result = await GpoProcess.RunAsync(environment, SmallRun(steps: 2));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}{cluster.Diagnostics()}");
        Assert.Contains("step 2/2 done", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("completed · best dev", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"completed · best dev .* · [1-9][0-9]* calls \([0-9]+ cache hits", result.Stdout); // the spend, from the event
        Assert.Contains("best prompt:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_run_is_submitted_before_the_deployment_ever_started_Should_say_it_waits_and_complete_once_it_starts()
    {
        // A fresh prefix: no scheduler has ever consumed its queues (RabbitMQ dropped such a StartRun before).
        var prefix = "p" + Guid.NewGuid().ToString("N")[..8];
        await using var gpo = GpoProcess.Start(new Dictionary<string, string?> { ["Messaging__EndpointPrefix"] = prefix }, SmallRun(steps: 1));

        var waiting = await gpo.WaitForLineAsync("no scheduler is taking runs");
        Assert.True(waiting is not null, $"no waiting line; stdout:\n{gpo.Stdout}");
        Assert.Contains($"queue '{prefix}-start-run'", waiting, StringComparison.Ordinal);

        await using var cluster = await ProcessCluster.StartAsync(scorers: 1, prefix: prefix);
        var result = await gpo.WaitForExitAsync();

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}{cluster.Diagnostics()}");
        Assert.Contains("step 1/1 done", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("completed · best dev", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_waiting_run_is_cancelled_Should_say_the_cancel_waits_with_it()
    {
        var prefix = "p" + Guid.NewGuid().ToString("N")[..8];
        await using var gpo = GpoProcess.Start(new Dictionary<string, string?> { ["Messaging__EndpointPrefix"] = prefix },
            ["optimize", "--distributed", "--broker", RabbitMqBroker.Uri.ToString(), "--data", Repo.Data("bbh/navigate"), .. Models]);
        Assert.NotNull(await gpo.WaitForLineAsync("no scheduler is taking runs"));

        await gpo.SignalAsync("INT");
        var result = await gpo.WaitForExitAsync();

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("cancel sent", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("the cancel waits with the run", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_followed_run_is_cancelled_elsewhere_Should_say_so_and_stop_following()
    {
        await using var cluster = await ProcessCluster.StartAsync(scorers: 1);
        await using var gpo = GpoProcess.Start(new Dictionary<string, string?> { ["Messaging__EndpointPrefix"] = cluster.EndpointPrefix }, SmallRun(steps: 200));
        var submitted = await gpo.WaitForLineAsync("submitted; following its events");
        Assert.True(submitted is not null, $"no submitted line; stdout:\n{gpo.Stdout}");
        var runId = Guid.Parse(submitted.Split(' ')[1]);
        Assert.NotNull(await gpo.WaitForLineAsync("step 1/200 started"));

        // Another client (the API, another gpo) cancels the run: the scheduler announces it (RunCancelled).
        await cluster.PublishAsync(new CancelRun { RunId = runId, Reason = "cancelled from the dashboard" });
        var result = await gpo.WaitForExitAsync();

        Assert.True(result.ExitCode == 4, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}{cluster.Diagnostics()}");
        Assert.Contains("run cancelled: cancelled from the dashboard", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"gpo resume {runId}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_scheduler_is_running_Should_not_say_the_run_waits()
    {
        await using var cluster = await ProcessCluster.StartAsync(scorers: 1);

        var result = await GpoProcess.RunAsync(new Dictionary<string, string?> { ["Messaging__EndpointPrefix"] = cluster.EndpointPrefix }, SmallRun(steps: 1));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}{cluster.Diagnostics()}");
        Assert.DoesNotContain("no scheduler", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A small distributed run of navigate (its data folder exists only here, not where the workers run).</summary>
    private static string[] SmallRun(int steps) =>
        ["optimize", "--distributed", "--broker", RabbitMqBroker.Uri.ToString(), "--data", Repo.Data("bbh/navigate"),
         "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--candidates", "2", "--max-dev", "8", "--max-test", "8", .. Models];
}
