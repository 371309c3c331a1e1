using GpoPipeline.Cli.Hosting;
using LiteDB;
using MassTransit;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// A dependency that stops answering after the checks before a start passed is said as such, naming it and where,
/// not as "unexpected error … Please report it" (GpoApp's catch-all, for gpo's own bugs): the exceptions each one
/// throws, as they reach GpoApp.
/// </summary>
public sealed class DependencyFailures_Specs
{
    [Fact]
    public void When_MongoDB_times_out_selecting_a_server_Should_name_the_store_servers_and_store_option_without_the_password()
    {
        var timeout = new TimeoutException("A timeout occurred after 30000ms selecting a server using CompositeServerSelector.\n   at MongoDB.Driver.Core.Clusters.Cluster.ThrowTimeoutException()") { Source = "MongoDB.Driver" };

        var message = DependencyFailures.Explain(new InvalidOperationException("wrapped", timeout), "mongodb://gpo:secret@db.example:27017/gpo", broker: null);

        Assert.NotNull(message);
        Assert.Contains("the run store (MongoDB at db.example:27017) did not answer", message, StringComparison.Ordinal);
        Assert.Contains("check --store", message, StringComparison.Ordinal);
        Assert.Contains("TimeoutException: A timeout occurred after 30000ms", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_broker_does_not_answer_a_request_Should_name_the_broker_address_and_broker_option()
    {
        var message = DependencyFailures.Explain(new RequestTimeoutException("req-1"), store: null, "amqp://guest:guest@rabbit.example:5673/");

        Assert.NotNull(message);
        Assert.Contains("RabbitMQ at rabbit.example:5673 did not answer; check --broker", message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeoutException", message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_embedded_store_stays_locked_past_its_wait_Should_name_the_store_file()
    {
        var message = DependencyFailures.Explain(new LiteException(LiteException.LOCK_TIMEOUT, "Database lock timeout when entering in transaction mode after 00:01:00"), "/tmp/runs.db", broker: null);

        Assert.NotNull(message);
        Assert.Contains("the run store /tmp/runs.db stayed locked", message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_any_other_timeout_reaches_gpo_Should_say_a_service_did_not_answer_and_which_options_name_them()
    {
        var message = DependencyFailures.Explain(new AggregateException(new TimeoutException("The operation has timed out.")), store: null, broker: null);

        Assert.NotNull(message);
        Assert.Contains("did not answer in time (check --store, --broker and the model endpoint", message, StringComparison.Ordinal);
        Assert.Contains("TimeoutException: The operation has timed out.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_exception_is_a_bug_of_gpo_Should_leave_it_to_the_unexpected_error_report()
    {
        Assert.Null(DependencyFailures.Explain(new ArgumentOutOfRangeException("index"), store: null, broker: null));
    }

    [Fact]
    public void When_a_server_answered_with_a_refusal_Should_leave_it_to_the_unexpected_error_report_not_say_it_did_not_answer()
    {
        // MongoDB answered (a duplicate key, a refused write) and an endpoint answered with a status: not "did not answer".
        Assert.Null(DependencyFailures.Explain(new MongoDB.Driver.MongoException("E11000 duplicate key error collection: gpo.runs"), "mongodb://db:27017/gpo", broker: null));
        Assert.Null(DependencyFailures.Explain(new HttpRequestException("Response status code does not indicate success: 500.", null, System.Net.HttpStatusCode.InternalServerError), store: null, broker: null));
    }

    [Fact]
    public void When_an_HTTP_endpoint_gave_no_response_Should_say_it_did_not_answer()
    {
        var message = DependencyFailures.Explain(new HttpRequestException("Connection refused (sim:8080)", new System.Net.Sockets.SocketException(111)), store: null, broker: null);

        Assert.NotNull(message);
        Assert.Contains("an HTTP endpoint did not answer", message, StringComparison.Ordinal);
    }
}
