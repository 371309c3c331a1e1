using System.Net.Sockets;

namespace GpoPipeline.Testing;

/// <summary>
/// The real RabbitMQ the pipeline tests run against. tests/run.sh starts one and exports
/// GPO_RABBITMQ_URI; running `dotnet test` by hand uses a local broker on the default port.
/// </summary>
public static class RabbitMqBroker
{
    public const string EnvironmentVariable = "GPO_RABBITMQ_URI";

    public static Uri Uri { get; } = new(
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : "amqp://guest:guest@localhost:5672/");

    /// <summary>Fails with an explanation (not a skip) when no broker answers: these tests need one.</summary>
    public static void EnsureReachable()
    {
        var port = Uri.Port > 0 ? Uri.Port : 5672;
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(Uri.Host, port).Wait(TimeSpan.FromSeconds(5)))
            {
                throw new TimeoutException();
            }
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException or AggregateException)
        {
            throw new InvalidOperationException(
                $"No RabbitMQ answers at {Uri.Host}:{port}. Run the suite with tests/run.sh (it starts a broker) " +
                $"or set {EnvironmentVariable} to a reachable broker.", ex);
        }
    }
}
