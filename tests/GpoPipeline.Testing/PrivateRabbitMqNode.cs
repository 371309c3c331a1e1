using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GpoPipeline.Testing;

/// <summary>
/// A RabbitMQ node of one spec's own, which the spec may stop, start and <c>kill -9</c>: its own node name, AMQP and
/// distribution ports, HOME (Erlang cookie), mnesia, logs and pid file in a temp folder, as tests/broker.sh starts the
/// suite's node. Every other spec shares the suite's node on 5672, which must never be stopped.
/// </summary>
public sealed class PrivateRabbitMqNode : IAsyncDisposable
{
    public const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string Control = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "gpo-rabbit-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    private readonly string _node = $"gpo-private-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}@localhost";
    private readonly int _port = LoopbackPorts.Free();
    private readonly int _distributionPort = LoopbackPorts.Free();
    private readonly int _tlsPort = LoopbackPorts.Free();
    private string? _configFile;

    public Uri Uri => new($"amqp://guest:guest@localhost:{_port}/");

    /// <summary>The node's TLS listener (guest may connect from localhost only); see <see cref="StartWithTlsAsync"/>.</summary>
    public Uri TlsUri => new($"amqps://guest:guest@localhost:{_tlsPort}/");

    /// <summary>Why a private node cannot run here, or null.</summary>
    public static string? Unavailable => File.Exists(Server) ? null : $"{Server} is not installed (apt-get install rabbitmq-server).";

    public static async Task<PrivateRabbitMqNode> StartAsync()
    {
        var node = new PrivateRabbitMqNode();
        await node.StartAgainAsync();
        return node;
    }

    /// <summary>
    /// A node with an AMQP-over-TLS listener besides the plain one, presenting <paramref name="certificateFile"/>
    /// (RabbitMQ 3.10's listeners.ssl.default and ssl_options.*). Returns the node, or why its TLS listener could not
    /// start here (the node is then stopped).
    /// </summary>
    public static async Task<(PrivateRabbitMqNode? Node, string? Unavailable)> StartWithTlsAsync(string caFile, string certificateFile, string keyFile)
    {
        var node = new PrivateRabbitMqNode();
        node._configFile = Path.Combine(node._directory, "rabbitmq.conf");
        await File.WriteAllLinesAsync(node._configFile,
        [
            $"listeners.ssl.default = {node._tlsPort}",
            $"ssl_options.cacertfile = {caFile}",
            $"ssl_options.certfile = {certificateFile}",
            $"ssl_options.keyfile = {keyFile}",
            "ssl_options.verify = verify_none",
            "ssl_options.fail_if_no_peer_cert = false",
        ]);
        try
        {
            await node.StartAgainAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!Answers(node._tlsPort))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"nothing listens on its TLS port {node._tlsPort}.{node.LogTail()}");
                }

                await Task.Delay(200);
            }

            return (node, null);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await node.DisposeAsync();
            return (null, $"RabbitMQ's TLS listener could not start here: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>Starts the node (again, on the same data) and waits until it accepts AMQP connections.</summary>
    public async Task StartAgainAsync()
    {
        File.Delete(PidFile);
        await RunAsync(Server, "-detached");
        await RunAsync(Control, "-n", _node, "wait", PidFile, "--timeout", "170");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Answers(_port))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The private RabbitMQ node {_node} did not accept AMQP on port {_port}.{LogTail()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A clean stop, as systemd or docker stop it: SIGTERM, on which the Erlang VM shuts the broker down in order (it
    /// closes every connection and writes its queues). Not rabbitmqctl stop: the CLI's own start-up takes seconds under
    /// load, so the moment of the stop would not be the spec's.
    /// </summary>
    public async Task StopAsync()
    {
        using var beam = Process.GetProcessById(await PidAsync());
        using (var term = Process.Start("kill", ["-TERM", beam.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(Patience);
        await beam.WaitForExitAsync(patience.Token);
    }

    /// <summary>kill -9 of the beam process: no shutdown, connections die, only what was on disk survives.</summary>
    public async Task KillAsync()
    {
        using var beam = Process.GetProcessById(await PidAsync());
        beam.Kill();
        await beam.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(PidFile) && int.TryParse((await File.ReadAllTextAsync(PidFile)).Trim(), out var pid))
        {
            try
            {
                using var beam = Process.GetProcessById(pid);
                beam.Kill();
                await beam.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string PidFile => Path.Combine(_directory, "broker.pid");

    private async Task<int> PidAsync() => int.Parse((await File.ReadAllTextAsync(PidFile)).Trim(), CultureInfo.InvariantCulture);

    private static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(IPAddress.Loopback, port).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs a shell script against this node as an operator would (its <c>rabbitmqctl</c> reaches this node), e.g.
    /// compose/rabbitmq/users.sh with the passwords it reads from <paramref name="environment"/>.
    /// </summary>
    public Task RunScriptAsync(string script, IReadOnlyDictionary<string, string> environment) =>
        RunAsync("/bin/sh", environment, script);

    /// <summary>This node's address for another user and virtual host than guest's.</summary>
    public Uri UriFor(string user, string password, string virtualHost) =>
        new($"amqp://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@localhost:{_port}/{Uri.EscapeDataString(virtualHost)}");

    private Task RunAsync(string program, params string[] args) => RunAsync(program, new Dictionary<string, string>(), args);

    private async Task RunAsync(string program, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // Output to a file, not a pipe: the detached beam process would hold a pipe open long after the command ended.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("\"$0\" \"$@\" >>\"$GPO_NODE_OUTPUT\" 2>&1");
        info.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GPO_NODE_OUTPUT"] = Path.Combine(_directory, "commands.out");

        info.Environment["HOME"] = _directory;
        info.Environment["RABBITMQ_NODENAME"] = _node;
        info.Environment["RABBITMQ_CONF_ENV_FILE"] = "/dev/null";
        info.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia");
        info.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log");
        info.Environment["RABBITMQ_PID_FILE"] = PidFile;
        info.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins");
        info.Environment["RABBITMQ_NODE_PORT"] = _port.ToString(CultureInfo.InvariantCulture);
        info.Environment["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(CultureInfo.InvariantCulture);
        if (_configFile is not null)
        {
            info.Environment["RABBITMQ_CONFIG_FILE"] = _configFile;
        }

        info.Environment["PATH"] = $"{Path.GetDirectoryName(Control)}:{Environment.GetEnvironmentVariable("PATH")}";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', args)} did not finish within {Patience.TotalSeconds} s.{LogTail()}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', args)} exited {process.ExitCode}.{LogTail()}");
        }
    }

    private string LogTail()
    {
        var logs = Path.Combine(_directory, "log");
        var files = (Directory.Exists(logs) ? Directory.GetFiles(logs, "*.log") : []).Append(Path.Combine(_directory, "commands.out")).Where(File.Exists);
        return string.Concat(files.Select(f => $"{Environment.NewLine}--- {f}:{Environment.NewLine}{string.Join(Environment.NewLine, File.ReadLines(f).TakeLast(20))}"));
    }

}
