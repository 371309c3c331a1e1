using System.Net.Sockets;
using GpoPipeline.ServiceDefaults;
using LiteDB;
using MassTransit;
using MongoDB.Driver;
using RabbitMQ.Client.Exceptions;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// Something gpo uses that did not answer, or stopped answering, after the checks before a command's start passed
/// (StoreAccess, BrokerAddress, Preflight): a MongoDB store whose server went away (the driver's TimeoutException), an
/// embedded store another thread kept locked past LiteDB's wait, a broker that dropped the connection or did not
/// answer a request (MassTransit's RequestTimeoutException), a socket or HTTP client that timed out. They reached
/// GpoApp's catch-all and were called "unexpected error … Please report it", which is for gpo's own bugs. Mapped here
/// in one place, for every command: one line naming what did not answer and where, and what to do; exit 2, as those
/// checks do.
/// </summary>
public static class DependencyFailures
{
    /// <param name="store">--store as given (null: the default store).</param>
    /// <param name="broker">--broker as given (null: none, or the command has no such option).</param>
    /// <returns>The line to print, or null when the exception is no dependency's failure.</returns>
    public static string? Explain(Exception exception, string? store, string? broker)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? current = exception; current is not null; current = current.InnerException ?? (current as AggregateException)?.InnerExceptions.FirstOrDefault())
        {
            var what = current switch
            {
                LiteException { ErrorCode: LiteException.LOCK_TIMEOUT } => StoreText(store, "stayed locked"),
                // A server that is not there or too slow; not what a server answers (a duplicate key, a refused write: gpo's bugs).
                MongoConnectionException or MongoExecutionTimeoutException or MongoWaitQueueFullException => StoreText(store, "did not answer"),
                TimeoutException when FromMongo(current) => StoreText(store, "did not answer"),
                RequestTimeoutException or ConnectionException or BrokerUnreachableException or AlreadyClosedException => BrokerText(broker),
                // No response at all; a status an endpoint answered is said where the call is made.
                HttpRequestException { StatusCode: null } => "an HTTP endpoint did not answer (check --base-url / OPENAI_BASE_URL, or the address named below, and that it is running)",
                TaskCanceledException { InnerException: TimeoutException } => "an HTTP endpoint did not answer in time (check --base-url / OPENAI_BASE_URL, or the address named below, and that it is running)",
                SocketException or TimeoutException => $"a service gpo uses did not answer in time (check --store, --broker and the model endpoint, and that each is running)",
                _ => null,
            };
            if (what is not null)
            {
                // The type and first line of the message (and of its root cause), passwords removed: never a stack trace.
                return $"{what}: {StartFailureText.Of(exception)}.";
            }
        }

        return null;
    }

    private static bool FromMongo(Exception exception) =>
        exception is MongoException || (exception.Source?.StartsWith("MongoDB", StringComparison.Ordinal) ?? false);

    private static string StoreText(string? store, string how)
    {
        if (StoreAccess.IsMongo(store))
        {
            return $"the run store (MongoDB at {MongoServers(store!)}) {how}; check --store and that mongod is running, then run the command again (a run under way resumes with gpo resume)";
        }

        return $"the run store {store ?? CliPaths.DefaultStore} {how}; check that no other command holds it, then run the command again (a run under way resumes with gpo resume)";
    }

    /// <summary>The servers only: the URI may carry a password.</summary>
    private static string MongoServers(string store)
    {
        try
        {
            return string.Join(", ", MongoUrl.Create(store).Servers.Select(s => $"{s.Host}:{s.Port}"));
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            return "the --store URI";
        }
    }

    private static string BrokerText(string? broker)
    {
        var where = broker is not null && Uri.TryCreate(broker, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host)
            ? $"RabbitMQ at {uri.Host}:{BrokerUri.Port(uri)}"
            : "the RabbitMQ broker (Messaging:RabbitMqUri)";
        return $"{where} did not answer; check --broker and that the broker is running";
    }
}
