using System.Text.RegularExpressions;
using GpoPipeline.Testing;
using MassTransit;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>
/// compose/rabbitmq/users.sh's per-service permissions against the work queues every host declares before its bus
/// starts (<see cref="WorkQueues"/>, WorkQueueDeclaration: exchange.declare needs configure on the message exchange,
/// queue.declare configure on the queue, queue.bind write on the queue and read on the exchange). A queue nobody has
/// declared yet drops what is published to it. LeastPrivilege_Specs runs the script against a private broker node.
/// </summary>
public sealed class BrokerUsers_Specs
{
    /// <summary>
    /// Who must be able to declare each work queue: its senders, and the scheduler for every queue of a step (it runs
    /// before any step's work exists). candidates-generated and batch-scored are the scheduler's own queues.
    /// </summary>
    private static readonly Dictionary<string, string[]> Declarers = new()
    {
        [WorkQueues.StartRun] = ["api", "decay-scheduler"],
        [WorkQueues.CancelRun] = ["api", "decay-scheduler"],
        [WorkQueues.ResumeRun] = ["api", "decay-scheduler"],
        [WorkQueues.StepStarted] = ["decay-scheduler"],
        [WorkQueues.DirectionRetrieved] = ["decay-scheduler", "direction-retrieval"],
        [WorkQueues.CandidatesGenerated] = ["decay-scheduler"],
        [WorkQueues.ScoreBatch] = ["decay-scheduler"],
        [WorkQueues.BatchScored] = ["decay-scheduler"],
    };

    /// <summary>The one service that takes each queue's work (MassTransit's receive endpoint of its consumer).</summary>
    private static readonly Dictionary<string, string> Consumers = new()
    {
        [WorkQueues.StartRun] = "decay-scheduler",
        [WorkQueues.CancelRun] = "decay-scheduler",
        [WorkQueues.ResumeRun] = "decay-scheduler",
        [WorkQueues.StepStarted] = "direction-retrieval",
        [WorkQueues.DirectionRetrieved] = "prompt-generation",
        [WorkQueues.CandidatesGenerated] = "decay-scheduler",
        [WorkQueues.ScoreBatch] = "scoring",
        [WorkQueues.BatchScored] = "decay-scheduler",
    };

    [Fact]
    public void When_a_host_declares_the_work_queues_Should_be_allowed_every_queue_it_feeds()
    {
        var users = Users();

        Assert.Equal(Declarers.Keys.Order(), Work().Select(q => q.Queue).Order());
        Assert.All(Work(), work => Assert.All(Declarers[work.Queue], name =>
        {
            var user = users[name];
            Assert.True(user.Configure.IsMatch(work.MessageExchange), $"{name} may not declare the exchange {work.MessageExchange}");
            Assert.True(user.Configure.IsMatch(work.Queue), $"{name} may not declare the queue {work.Queue} (configure)");
            Assert.True(user.Write.IsMatch(work.Queue), $"{name} may not bind the queue {work.Queue} (write)");
            Assert.True(user.Read.IsMatch(work.MessageExchange), $"{name} may not bind {work.Queue} to {work.MessageExchange} (read on the exchange)");
        }));
    }

    [Fact]
    public void When_a_service_may_declare_a_work_queue_Should_take_work_only_from_its_own()
    {
        var users = Users().Where(u => u.Key != "admin").ToList();

        Assert.All(Work(), work =>
            Assert.Equal([Consumers[work.Queue]], users.Where(u => u.Value.Read.IsMatch(work.Queue)).Select(u => u.Key)));
    }

    private static IReadOnlyList<(string MessageExchange, string Queue)> Work() =>
        // The RabbitMQ transport's names (GpoPipeline.Contracts:StartRun), as the services' buses name the exchanges.
        WorkQueues.Of(Bus.Factory.CreateUsingRabbitMq(_ => { }).Topology, prefix: null);

    private sealed record Permissions(Regex Configure, Regex Write, Regex Read);

    /// <summary>The <c>user name password configure write read</c> lines, with the script's variables expanded.</summary>
    private static Dictionary<string, Permissions> Users()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "compose", "rabbitmq", "users.sh")).Replace("\\\n", " ", StringComparison.Ordinal);
        var variables = Regex.Matches(script, @"^(\w+)='([^']*)'$", RegexOptions.Multiline).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        string Expand(string value) => Regex.Replace(value, @"\$(\w+)", m => variables.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
        var users = Regex.Matches(script, @"^user ([\w-]+) ""[^""]*"" +""([^""]*)"" +""([^""]*)"" +""([^""]*)""", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => new Permissions(
                new Regex(Expand(m.Groups[2].Value)), new Regex(Expand(m.Groups[3].Value)), new Regex(Expand(m.Groups[4].Value))));
        Assert.Equal(["admin", "api", "decay-scheduler", "direction-retrieval", "prompt-generation", "scoring"], users.Keys.Order());
        return users;
    }
}
