using System.Diagnostics;
using MassTransit;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>
/// The ceiling P3 runs under on this machine: request/reply round trips over the same broker with MassTransit and no
/// pipeline at all — no store, no model, no memo — with the payloads and the window of P3 (a message of the product's
/// Scheduler:ExamplesPerScoreBatch examples out, as many answers back, 16 messages in flight, the responder taking 16 at a time). Whatever the pipeline does per batch
/// comes on top of this.
/// </summary>
public static class BusCeiling
{
    public const int Window = 16;
    public static int ExamplesPerBatch { get; } = ClusterRuns.ProductExamplesPerMessage;

    /// <returns>Round trips per second over <paramref name="measure"/> after <paramref name="warmUp"/>.</returns>
    public static async Task<double> RoundTripsPerSecondAsync(Uri broker, TimeSpan warmUp, TimeSpan measure)
    {
        var replies = 0L;
        var prefix = "gpo-ceiling-" + Guid.NewGuid().ToString("N")[..8];
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker);
            rabbit.PrefetchCount = Window;
            rabbit.UseRawJsonSerializer(RawSerializerOptions.Default, isDefault: false); // as the services send (Messaging:WireFormat)
            rabbit.ReceiveEndpoint(prefix + "-responder", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.ConcurrentMessageLimit = Window;
                endpoint.Handler<CeilingRequest>(context => context.Publish(new CeilingReply
                {
                    Id = context.Message.Id,
                    Answers = [.. context.Message.Inputs.Select((input, i) => new CeilingAnswer { Index = i, Answer = "(A)", Score = 1, InputTokens = input.Length / 4, OutputTokens = 2 })],
                }));
            });
            rabbit.ReceiveEndpoint(prefix + "-driver", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.ConcurrentMessageLimit = Window;
                endpoint.Handler<CeilingReply>(context =>
                {
                    Interlocked.Increment(ref replies);
                    return context.Publish(Request());
                });
            });
        });
        await bus.StartAsync();
        try
        {
            await bus.PublishBatch(Enumerable.Range(0, Window).Select(_ => Request()));
            await Task.Delay(warmUp);
            var start = Interlocked.Read(ref replies);
            var clock = Stopwatch.StartNew();
            await Task.Delay(measure);
            return (Interlocked.Read(ref replies) - start) / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    // Sizes of a lite-BBH navigate batch: ≈300-character inputs, a one-line prompt, a short target.
    private static CeilingRequest Request() => new()
    {
        Id = Guid.NewGuid(),
        Prompt = "Let's think step by step. Track your position after each instruction and answer Yes or No.",
        Inputs = [.. Enumerable.Range(0, ExamplesPerBatch).Select(i => $"If you follow these instructions, do you return to the starting point? Take {i} steps. Turn around. Take {i} steps. Turn left. Take 3 steps. Turn right. Take 1 step. Always face forward. Take 4 steps backward. Options: - Yes - No")],
        Targets = [.. Enumerable.Range(0, ExamplesPerBatch).Select(i => i % 2 == 0 ? "Yes" : "No")],
    };
}

public sealed record CeilingRequest
{
    public Guid Id { get; init; }
    public string Prompt { get; init; } = "";
    public List<string> Inputs { get; init; } = [];
    public List<string> Targets { get; init; } = [];
}

public sealed record CeilingReply
{
    public Guid Id { get; init; }
    public List<CeilingAnswer> Answers { get; init; } = [];
}

public sealed record CeilingAnswer
{
    public int Index { get; init; }
    public string Answer { get; init; } = "";
    public double Score { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
}
