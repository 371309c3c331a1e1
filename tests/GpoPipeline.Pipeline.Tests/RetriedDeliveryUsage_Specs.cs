using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.PromptGeneration;
using GpoPipeline.PromptGeneration.Consumers;
using GpoPipeline.Scoring;
using GpoPipeline.Scoring.Consumers;
using GpoPipeline.ServiceDefaults;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A delivery whose one call fails for good (retries exhausted) has paid for the others: the consumer's retry answers
/// them from the response cache, and its reply must report what the failed delivery paid, once (review: the run was
/// charged only the retry's own calls, so MaxCost and MaxCalls were checked against less than was paid).
/// </summary>
public sealed class RetriedDeliveryUsage_Specs
{
    private const int Examples = 4;

    [Fact]
    public async Task When_one_example_of_a_ScoreBatch_fails_on_the_first_delivery_Should_report_every_paid_call_with_the_retrys_reply()
    {
        await using var worker = await StartAsync(bus => bus.AddConsumer<ScoreBatchConsumer, ScoreBatchConsumerDefinition>());

        await worker.Harness.Bus.Publish(Batch());

        Assert.True(await worker.Harness.Published.Any<BatchScored>());
        var scored = Assert.Single(worker.Harness.Published.Select<BatchScored>()).Context.Message;
        // 3 answered and 1 failed call in the first delivery, the failing example's answer in the retry: N + 1 calls.
        Assert.Equal(Examples + 1, scored.Usage.Calls);
        Assert.Equal((Examples * 100) + 7, scored.Usage.InputTokens);
        Assert.Equal(Examples * 10, scored.Usage.OutputTokens);
        Assert.Equal((Examples * 0.25) + 0.125, scored.Usage.Cost, 9);
        Assert.Equal(Examples + 3, scored.Usage.Attempts);
        Assert.Equal([1, 1, 2, 1], scored.Results.Select(r => r.Usage.Calls));
    }

    [Fact]
    public async Task When_the_retried_ScoreBatch_is_redelivered_after_its_reply_Should_not_report_the_paid_calls_again()
    {
        await using var worker = await StartAsync(bus => bus.AddConsumer<ScoreBatchConsumer, ScoreBatchConsumerDefinition>());
        var batch = Batch();
        var messageId = NewId.NextGuid();

        await worker.Harness.Bus.Publish(batch, context => context.MessageId = messageId);
        Assert.True(await worker.Harness.Published.Any<BatchScored>());
        await worker.Harness.Bus.Publish(batch, context => context.MessageId = messageId); // e.g. its ack was lost
        await worker.Harness.InactivityTask;

        var replies = worker.Harness.Published.Select<BatchScored>().Select(m => m.Context.Message).ToList();
        Assert.Equal(2, replies.Count);
        Assert.Equal(Examples + 1, replies.Sum(r => r.Usage.Calls));
        Assert.Equal(0, replies[1].Usage.Calls); // every answer from the cache, nothing left to report
    }

    [Fact]
    public async Task When_one_candidate_of_a_generation_fails_on_the_first_delivery_Should_report_every_paid_call_with_the_retrys_reply()
    {
        await using var worker = await StartAsync(bus => bus.AddConsumer<DirectionRetrievedConsumer, DirectionRetrievedConsumerDefinition>());
        var retrieved = GenerationChecks_Specs.Retrieved(); // 2 candidates

        await worker.Harness.Bus.Publish(retrieved);

        Assert.True(await worker.Harness.Published.Any<CandidatesGenerated>());
        var generated = Assert.Single(worker.Harness.Published.Select<CandidatesGenerated>()).Context.Message;
        Assert.NotEmpty(generated.Candidates);
        // Candidate 0 answered and candidate 1 failed in the first delivery, candidate 1's answer in the retry.
        Assert.Equal(3, generated.OptimizerUsage.Calls);
        Assert.Equal(207, generated.OptimizerUsage.InputTokens);
        Assert.Equal(0.625, generated.OptimizerUsage.Cost, 9);
        Assert.Equal(5, generated.OptimizerUsage.Attempts);
    }

    private static async Task<Worker> StartAsync(Action<IBusRegistrationConfigurator> consumers)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ITaskModel>(new FlakyTaskModel(failing: "day 2"));
        services.AddSingleton<IOptimizerModel>(new FlakyOptimizer(failing: 1));
        services.AddSingleton<DeliveryUsage>();
        services.AddSingleton(Options.Create(new TaskModelOptions { Model = "gpt-4o-mini" }));
        services.AddSingleton(Options.Create(new MessageLimitsOptions()));
        services.AddSingleton(Options.Create(new ScoringOptions()));
        services.AddSingleton(Options.Create(new GenerationOptions()));
        services.AddSingleton<BatchScorer>();
        services.AddSingleton<CandidateGenerator>();
        services.AddSingleton<StrategyGeneration>();
        services.AddMassTransitTestHarness(consumers);
        services.Configure<TestHarnessOptions>(options => options.TestInactivityTimeout = TimeSpan.FromSeconds(3));
        var provider = services.BuildServiceProvider(true);
        var worker = new Worker(provider, provider.GetRequiredService<ITestHarness>());
        await worker.Harness.Start();
        return worker;
    }

    private static ScoreBatch Batch() => new()
    {
        RunId = Guid.NewGuid(), Step = 1, Kind = StepKind.Optimize, CandidateIndex = 0, BatchIndex = 0, Prompt = "Let's think step by step.",
        Split = "dev", From = 0, To = Examples, WorkToken = Guid.NewGuid(),
        Scoring = new ScoringSettings
        {
            Profile = RunProfile.Production, Task = new TaskDefinition("bbh", "date_understanding", TaskKind.MultipleChoice),
            Position = PromptPosition.QEnd, TwoRoundExtraction = true,
        },
        Examples = [.. Enumerable.Range(0, Examples).Select(i => new ExampleData
        {
            Index = i, Input = $"Which day comes after day {i}?\nOptions:\n(A) the same day\n(B) the next day", References = ["(B)"],
        })],
    };

    private sealed record Worker(ServiceProvider Provider, ITestHarness Harness) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Harness.Stop();
            await Provider.DisposeAsync();
        }
    }
}
