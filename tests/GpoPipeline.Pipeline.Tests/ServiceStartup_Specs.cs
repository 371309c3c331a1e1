using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories.Embedded;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A service that cannot start says why in one line and exits with a configuration error (78): a setting missing,
/// out of range or not parsable, a store file it cannot use, a broker that refuses its CA file or login, a port it
/// cannot listen on. No stack trace, no unhandled exception, no abort (each host's <c>RunCheckedAsync</c> and its
/// <c>IStartupCheck</c>s). Every host as its own OS process, so everything it prints is seen.
/// </summary>
public sealed class ServiceStartup_Specs : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gpo-startup-").FullName;

    [Theory]
    [InlineData("GpoPipeline.Scoring", "Llm:Optimizer:Model")]
    [InlineData("GpoPipeline.PromptGeneration", "Llm:Optimizer:Model")]
    [InlineData("GpoPipeline.DirectionRetrieval", "Llm:Optimizer:Model")]
    public void When_a_required_setting_is_missing_Should_name_it_and_exit_with_a_configuration_error_and_no_stack_trace(string service, string setting)
    {
        // Everything a worker needs except the optimizer endpoint's model.
        var log = RefusedStart(service, WorkerSettings());

        Assert.Contains($"Setting '{setting}' is invalid", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GpoPipeline.Scoring", "Scoring__ConcurrentMessageLimit", "abc", "Setting 'Scoring:ConcurrentMessageLimit' is invalid: 'abc' is not a whole number.")]
    [InlineData("GpoPipeline.Scoring", "Messaging__PrefetchCount", "lots", "Setting 'Messaging:PrefetchCount' is invalid: 'lots' is not a whole number.")]
    [InlineData("GpoPipeline.PromptGeneration", "Messaging__WireFormat", "Json", "Setting 'Messaging:WireFormat' is invalid: 'Json' is not one of Raw, Envelope.")]
    [InlineData("GpoPipeline.Scoring", "Messaging__WireFormat", "Raw,Envelope", "Setting 'Messaging:WireFormat' is invalid: 'Raw,Envelope' is not one of Raw, Envelope.")]
    [InlineData("GpoPipeline.DirectionRetrieval", "Messaging__WireFormat", "2", "Setting 'Messaging:WireFormat' is invalid: '2' is not one of Raw, Envelope.")]
    [InlineData("GpoPipeline.Scoring", "Messaging__RabbitMqUri", "secret.rabbit.internal", "Setting 'Messaging:RabbitMqUri' is invalid: not an absolute URI; expected an amqp:// or amqps:// URI")]
    [InlineData("GpoPipeline.DecayScheduler", "Messaging__RabbitMqUri", "http://guest:secret@broker:5672/", "Setting 'Messaging:RabbitMqUri' is invalid: the scheme is 'http'; expected an amqp:// or amqps:// URI")]
    [InlineData("GpoPipeline.Scoring", "Messaging__RabbitMqUri", "amqp://guest:pa:secret@127.0.0.1:5672/", "Setting 'Messaging:RabbitMqUri' is invalid: its user info has more than one ':'; write a ':' in the password as %3A.")]
    [InlineData("GpoPipeline.Scoring", "Messaging__RabbitMqUri", "amqp://guest:secret@127.0.0.1:5672/a/b", "Setting 'Messaging:RabbitMqUri' is invalid: its path has more than one segment;")]
    [InlineData("GpoPipeline.Scoring", "Messaging__RabbitMqUri", "amqps://scoring:secret@broker:notaport/", "Setting 'Messaging:RabbitMqUri' is invalid: its value is not a URI.")]
    [InlineData("GpoPipeline.Scoring", "Messaging__RabbitMqUri", "amqp://guest:secret@127.0.0.1:5671/", "Setting 'Messaging:RabbitMqUri' is invalid: scheme 'amqp' with port 5671, the port of amqps;")]
    [InlineData("GpoPipeline.DecayScheduler", "Messaging__RabbitMqUri", "amqps://guest:secret@127.0.0.1:5672/", "Setting 'Messaging:RabbitMqUri' is invalid: scheme 'amqps' with port 5672, the port of amqp;")]
    [InlineData("GpoPipeline.Scoring", "Messaging__EndpointPrefix", "gpo prod", "Setting 'Messaging:EndpointPrefix' is invalid: use only letters, digits, '.', '_' and '-'")]
    [InlineData("GpoPipeline.PromptGeneration", "Messaging__EndpointPrefix", "gpo/prod", "Setting 'Messaging:EndpointPrefix' is invalid: use only letters, digits, '.', '_' and '-'")]
    [InlineData("GpoPipeline.SimulatedLlm", "Simulator__TaskLatency__Kind", "Nope", "Setting 'Simulator:TaskLatency:Kind' is invalid: 'Nope' is not one of None, Fixed, Uniform, LogNormal.")]
    [InlineData("GpoPipeline.SimulatedLlm", "Simulator__DataRoot", "/gpo-no-such-data", "Setting 'Simulator:DataRoot' is invalid: '/gpo-no-such-data' does not exist")]
    [InlineData("GpoPipeline.DecayScheduler", "Scheduler__StallTimeout", "00:00:00", "Setting 'Scheduler:StallTimeout' is invalid: ")]
    [InlineData("GpoPipeline.Api", "Scheduler__StoreProbeTimeout", "00:00:00", "Setting 'Scheduler:StoreProbeTimeout' is invalid: ")]
    [InlineData("GpoPipeline.Api", "ControlPlane__ScheduleInterval", "60", "Setting 'ControlPlane:ScheduleInterval' is invalid: ")]
    [InlineData("GpoPipeline.Api", "ControlPlane__ScheduleInterval", "00:00:00", "Setting 'ControlPlane:ScheduleInterval' is invalid: ")]
    [InlineData("GpoPipeline.Api", "ControlPlane__RateLimitWindow", "00:00:00", "Setting 'ControlPlane:RateLimitWindow' is invalid: ")]
    [InlineData("GpoPipeline.Api", "ControlPlane__AbandonedSubmission", "-00:01:00", "Setting 'ControlPlane:AbandonedSubmission' is invalid: ")]
    [InlineData("GpoPipeline.Api", "ControlPlane__TickClaimLease", "00:00:00", "Setting 'ControlPlane:TickClaimLease' is invalid: ")]
    [InlineData("GpoPipeline.DecayScheduler", "Store__ConnectionString", "mongo://gpo:secret@db/gpo", "Setting 'Store:ConnectionString' is invalid: the scheme is 'mongo'")]
    [InlineData("GpoPipeline.Api", "Store__ConnectionString", "mongo://gpo:secret@db/gpo", "Setting 'Store:ConnectionString' is invalid: the scheme is 'mongo'")]
    public void When_a_setting_does_not_parse_or_names_nothing_Should_say_which_and_exit_with_a_configuration_error(string service, string variable, string value, string expected)
    {
        // The configuration binder (or the bus, given a relative or http:// broker URI) threw while the host was built:
        // unhandled, exit 134.
        var settings = service is "GpoPipeline.DecayScheduler" or "GpoPipeline.Api" ? StoreOwnerSettings(Path.Combine(_directory, "runs.db")) : RunnableWorkerSettings();
        settings[variable] = value;

        var log = RefusedStart(service, settings);

        Assert.Contains(expected, log, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", log, StringComparison.Ordinal); // a broker URI may carry a password
    }

    [Fact]
    public void When_the_port_to_listen_on_is_in_use_Should_say_so_and_exit_with_a_configuration_error()
    {
        // Kestrel's start failed: "Hosting failed to start" with a stack trace, exit 134.
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var settings = RunnableWorkerSettings();
        settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        var log = RefusedStart("GpoPipeline.Scoring", settings);

        Assert.Contains($"Setting 'urls' (ASPNETCORE_URLS): cannot listen on http://127.0.0.1:{port}: port {port} is in use by another process", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ASPNETCORE_HTTP_PORTS", "{port}", "Setting 'http_ports' (ASPNETCORE_HTTP_PORTS): cannot listen on http://*:{port}: port {port} is in use")]
    [InlineData("Kestrel__Endpoints__Health__Url", "http://127.0.0.1:{port}", "Setting 'Kestrel:Endpoints:Health:Url': cannot listen on http://127.0.0.1:{port}: port {port} is in use")]
    public void When_a_port_set_elsewhere_than_urls_is_in_use_Should_name_that_setting(string variable, string value, string expected)
    {
        // The official aspnet images set ASPNETCORE_HTTP_PORTS=8080; Kestrel:Endpoints wins over urls. Either failed inside
        // Kestrel's start ("Hosting failed to start", a stack trace, exit 134): only urls was checked.
        using var holder = new TcpListener(IPAddress.Any, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var settings = RunnableWorkerSettings();
        settings.Remove("ASPNETCORE_URLS");
        settings[variable] = value.Replace("{port}", port, StringComparison.Ordinal);

        var log = RefusedStart("GpoPipeline.Scoring", settings);

        Assert.Contains(expected.Replace("{port}", port, StringComparison.Ordinal), log, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_port_of_ASPNETCORE_HTTP_PORTS_is_not_a_number_Should_say_what_is_expected()
    {
        // Its valid port held by another process (as 8080 was by a `gpo serve` on the CI machine once): the setting's
        // error is still what is named, not what the machine happens to run.
        using var holder = new TcpListener(IPAddress.Any, 0);
        holder.Start();
        var settings = RunnableWorkerSettings();
        settings.Remove("ASPNETCORE_URLS");
        settings["ASPNETCORE_HTTP_PORTS"] = $"{((IPEndPoint)holder.LocalEndpoint).Port};eighty";

        var log = RefusedStart("GpoPipeline.Scoring", settings);

        Assert.Contains("Setting 'http_ports' (ASPNETCORE_HTTP_PORTS) is invalid: 'eighty' is not a port number", log, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_address_to_listen_on_does_not_parse_Should_say_what_is_expected()
    {
        var settings = RunnableWorkerSettings();
        settings["ASPNETCORE_URLS"] = "127.0.0.1-8080";

        var log = RefusedStart("GpoPipeline.Scoring", settings);

        Assert.Contains("Setting 'urls' (ASPNETCORE_URLS) is invalid: '127.0.0.1-8080' is not an address to listen on", log, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_brokers_CA_file_does_not_exist_Should_name_the_setting_and_exit_with_a_configuration_error()
    {
        // Read while the bus is configured, before the host is built: it threw from Program.cs unhandled (exit 134).
        var missing = Path.Combine(_directory, "no-such-ca.pem");
        var settings = RunnableWorkerSettings();
        settings["Messaging__RabbitMqUri"] = "amqps://guest:guest@127.0.0.1:5671/";
        settings["Messaging__Tls__CaFile"] = missing;

        var log = RefusedStart("GpoPipeline.Scoring", settings);

        Assert.Contains($"Setting 'Messaging:Tls:CaFile' is invalid: {missing} does not exist", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GpoPipeline.Scoring")]
    [InlineData("GpoPipeline.DecayScheduler")]
    public void When_the_broker_refuses_the_login_Should_name_the_user_and_the_setting_and_exit_with_a_configuration_error(string service)
    {
        // The bus does not retry ACCESS_REFUSED: the host aborted with an unhandled exception (exit 134).
        var settings = service == "GpoPipeline.Scoring" ? RunnableWorkerSettings() : StoreOwnerSettings(Path.Combine(_directory, "runs.db"));
        // The scheduler's URI leaves out AMQP's default port (the test broker listens on 5672): the message still names it.
        var broker = RabbitMqBroker.Uri;
        var port = service == "GpoPipeline.Scoring" || broker.Port != 5672 ? $":{broker.Port}" : string.Empty;
        settings["Messaging__RabbitMqUri"] = $"amqp://gpo-nobody:not-the-password@{broker.Host}{port}{broker.AbsolutePath}";

        var log = RefusedStart(service, settings);

        Assert.Contains($"Broker amqp://{broker.Host}:{broker.Port}{broker.AbsolutePath}: the login of user 'gpo-nobody' was refused", log, StringComparison.Ordinal);
        Assert.Contains("Messaging:RabbitMqUri", log, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", log, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_brokers_virtual_host_does_not_exist_Should_name_it_and_exit_with_a_configuration_error()
    {
        // The bus retried this one forever: the service never started and never said why in one line.
        var settings = RunnableWorkerSettings();
        settings["Messaging__RabbitMqUri"] = new UriBuilder(RabbitMqBroker.Uri) { Path = "/gpo-no-such-vhost" }.Uri.ToString();

        var log = RefusedStart("GpoPipeline.Scoring", settings);

        Assert.Contains("virtual host 'gpo-no-such-vhost' refused", log, StringComparison.Ordinal);
        Assert.Contains("NOT_ALLOWED", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GpoPipeline.DecayScheduler")]
    [InlineData("GpoPipeline.Api")]
    public void When_the_store_setting_names_a_file_that_is_not_a_store_Should_name_the_setting_leave_the_file_untouched_and_exit_with_a_configuration_error(string service)
    {
        var data = Path.Combine(_directory, "train.jsonl");
        const string Content = "{\"input\": \"2 + 2\", \"target\": \"4\"}\n";
        File.WriteAllText(data, Content);

        var log = RefusedStart(service, StoreOwnerSettings(data));

        Assert.Contains($"Setting 'Store:ConnectionString' = \"{data}\" cannot be used", log, StringComparison.Ordinal);
        Assert.Contains("not a run store", log, StringComparison.Ordinal);
        Assert.Equal(Content, File.ReadAllText(data));
    }

    [Fact]
    public void When_another_process_holds_the_store_Should_name_the_holder_and_exit_with_a_configuration_error()
    {
        var store = Path.Combine(_directory, "runs.db");
        using var held = StoreFileLock.Acquire(store); // this test process is the other process

        var log = RefusedStart("GpoPipeline.DecayScheduler", StoreOwnerSettings(store));

        Assert.Contains($"The run store {store} is in use by process {Environment.ProcessId}", log, StringComparison.Ordinal);
        Assert.Contains("a service: Store:ConnectionString", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GpoPipeline.Scoring")]
    [InlineData("GpoPipeline.PromptGeneration")]
    [InlineData("GpoPipeline.DirectionRetrieval")]
    [InlineData("GpoPipeline.DecayScheduler")]
    public void When_the_broker_setting_is_missing_outside_Development_Should_name_it_and_exit_with_a_configuration_error(string service)
    {
        // It ran on amqp://guest:guest@localhost:5672/ and retried forever, in Production too.
        var settings = service == "GpoPipeline.DecayScheduler" ? StoreOwnerSettings(Path.Combine(_directory, "runs.db")) : RunnableWorkerSettings();
        settings.Remove("Messaging__RabbitMqUri");

        var log = RefusedStart(service, settings);

        Assert.Contains("Setting 'Messaging:RabbitMqUri' is not set: expected an amqp:// or amqps:// URI such as amqp://user:password@rabbitmq:5672/", log, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_hosted_service_refuses_a_setting_while_the_host_starts_Should_name_it_and_exit_with_a_configuration_error()
    {
        // The bootstrap key is read by a hosted service (BootstrapKeyInstaller): "Hosting failed to start", a stack
        // trace and an unhandled exception (exit 134).
        var settings = StoreOwnerSettings(Path.Combine(_directory, "runs.db"));
        settings["ControlPlane__BootstrapAdminKey"] = "not-a-gpo-key";

        var log = RefusedStart("GpoPipeline.Api", settings);

        Assert.Contains("Setting 'ControlPlane:BootstrapAdminKey' is not a GpoPipeline key", log, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_store_does_not_answer_while_the_host_starts_Should_say_what_failed_and_exit_unavailable()
    {
        // MongoDB connects lazily: the first to use it is the bootstrap key's installation, inside the host's start. Its
        // timeout was "Hosting failed to start" with a stack trace and an unhandled exception (exit 134).
        using var closed = new ClosedPort(); // a port nobody listens on
        var port = closed.Port;
        var settings = StoreOwnerSettings($"mongodb://gpo:secret@127.0.0.1:{port}/?serverSelectionTimeoutMS=1500");
        settings["ControlPlane__BootstrapAdminKey"] = "gpo_0123456789ab_k3yk3yk3yk3yk3yk3yk3yk3y";

        var log = RefusedStart("GpoPipeline.Api", settings, HostStartup.Unavailable);

        Assert.Contains("GpoPipeline.Api cannot start: TimeoutException: A timeout occurred after ", log, StringComparison.Ordinal); // ~1500ms
        Assert.Contains("selecting a server", log, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", log, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", log, StringComparison.Ordinal); // the store's password
        Assert.DoesNotContain("k3yk3y", log, StringComparison.Ordinal); // the key's secret
    }

    [Fact]
    public void When_the_service_is_stopped_while_it_waits_for_its_broker_at_start_Should_exit_cleanly_without_a_stack_trace()
    {
        // A broker that does not answer yet is waited for (the work queues' declaration, inside the host's start); a
        // SIGTERM meanwhile cancelled that start: "Hosting failed to start", a stack trace, an unhandled exception (134).
        using var closed = new ClosedPort();
        var port = closed.Port;
        var settings = RunnableWorkerSettings();
        settings["Messaging__RabbitMqUri"] = $"amqp://guest:guest@127.0.0.1:{port}/";
        using var process = OsProcess.Start("startup", "GpoPipeline.Scoring", _directory, settings, _directory);
        var waiting = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!File.Exists(process.Log) || !File.ReadAllText(process.Log).Contains("did not take the work queues' declaration yet", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < waiting && !process.HasExited, $"the scorer did not wait for its broker at start; its output:\n{process.LogTail(30)}");
            Thread.Sleep(200);
        }

        Assert.True(process.Stop(TimeSpan.FromSeconds(30)), "the scorer did not stop within 30 s of SIGTERM");
        var exitCode = process.WaitForExit(TimeSpan.Zero);
        var log = File.ReadAllText(process.Log);

        Assert.True(exitCode == HostStartup.Stopped, $"exit code {exitCode}, expected {HostStartup.Stopped}; its output:\n{log}");
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    /// <summary>Starts <paramref name="service"/> as its own process and returns its output once it refused to start as it should.</summary>
    private string RefusedStart(string service, Dictionary<string, string> environment, int expectedExitCode = HostStartup.InvalidSettings)
    {
        using var process = OsProcess.Start("startup", service, _directory, environment, _directory);

        var exitCode = process.WaitForExit(TimeSpan.FromSeconds(60));
        var log = File.ReadAllText(process.Log);

        Assert.True(exitCode == expectedExitCode, $"{service} exit code {exitCode?.ToString() ?? "(still running)"}, expected {expectedExitCode}; its output:\n{log}");
        Assert.Contains($"{service} cannot start: ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        return log;
    }

    private static Dictionary<string, string> WorkerSettings() => new()
    {
        ["Messaging__Transport"] = "RabbitMq",
        ["Messaging__RabbitMqUri"] = "amqp://guest:guest@127.0.0.1:5672/",
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Llm__Task__BaseUrl"] = "http://127.0.0.1:9/v1",
        ["Llm__Task__Model"] = "sim-task",
        ["Llm__Optimizer__BaseUrl"] = "http://127.0.0.1:9/v1",
    };

    /// <summary>Every setting a scorer needs; the model endpoint answers nothing, which no start depends on.</summary>
    private static Dictionary<string, string> RunnableWorkerSettings()
    {
        var settings = WorkerSettings();
        settings["Llm__Optimizer__Model"] = "sim-optimizer";
        settings["Messaging__RabbitMqUri"] = RabbitMqBroker.Uri.ToString();
        return settings;
    }

    private static Dictionary<string, string> StoreOwnerSettings(string store) => new()
    {
        ["Messaging__Transport"] = "RabbitMq",
        ["Messaging__RabbitMqUri"] = RabbitMqBroker.Uri.ToString(),
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Store__ConnectionString"] = store,
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
