using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// How a step's scoring is cut into ScoreBatch messages is the deployment's choice (Scheduler:ExamplesPerScoreBatch),
/// fixed for a run when it starts; the paper's batch size (RunSettings.BatchSize, opt_batch_size) keeps setting the
/// step count only. A run stored before the setting existed keeps its batches of BatchSize.
/// </summary>
public sealed class ExamplesPerScoreBatch_Specs
{
    private static readonly RunSettings Settings = new() { DataPath = "in-memory", Epochs = 1, Candidates = 2, BatchSize = 4, Seed = 3 };

    [Fact]
    public void When_a_run_starts_Should_record_the_schedulers_examples_per_message_and_keep_the_step_count_of_the_paper_batch_size()
    {
        var plan = Planner(examplesPerMessage: 7).Plan(Start());

        Assert.Equal(7, plan.RecordedConfiguration.ExamplesPerScoreBatch);
        Assert.Equal(4, plan.RecordedConfiguration.BatchSize);
        Assert.Equal(3, plan.TotalSteps); // 1 epoch × round-half-up(10 train / 4): the message size has no say in it
    }

    [Fact]
    public void When_a_run_has_its_own_examples_per_message_Should_cut_each_candidates_dev_split_into_messages_of_that_many()
    {
        var run = Created(examplesPerMessage: 7);
        var step = Scoring(run);

        var batches = StepSplits.Batches(run, step);

        Assert.Equal([(0, 0, 0, 7), (0, 1, 7, 10), (1, 0, 0, 7), (1, 1, 7, 10)], batches.Select(b => (b.CandidateIndex, b.BatchIndex, b.From, b.To)));
        Assert.Equal(batches[3], StepSplits.Find(run, step, StepSplits.Dev, 1, 1));
        Assert.Null(StepSplits.Find(run, step, StepSplits.Dev, 1, 2));
    }

    [Fact]
    public void When_a_run_was_stored_before_messages_had_their_own_size_Should_keep_its_batches_of_the_paper_batch_size()
    {
        var run = Created(examplesPerMessage: 0); // read back without the field
        var step = Scoring(run);

        Assert.Equal([(0, 4), (4, 8), (8, 10)], StepSplits.Batches(run, step).Where(b => b.CandidateIndex == 0).Select(b => (b.From, b.To)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public void When_the_setting_is_out_of_range_Should_refuse_it_by_name(string value)
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Scheduler:ExamplesPerScoreBatch"] = value }).Build())
            .AddSchedulerOptions()
            .BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SchedulerOptions>>().Value);
        Assert.Contains("Scheduler:ExamplesPerScoreBatch", refused.Message, StringComparison.Ordinal);
    }

    private static RunPlanner Planner(int examplesPerMessage) =>
        new(new DatasetCatalog(), Options.Create(new SchedulerOptions { ExamplesPerScoreBatch = examplesPerMessage }));

    private static StartRun Start() => new() { RunId = Guid.NewGuid(), Settings = Settings, Dataset = RunDatasetConversion.FromTaskDataset(Dataset()) };

    private static TaskDataset Dataset()
    {
        var examples = Enumerable.Range(0, 10).Select(i => Example.Of($"question {i}", "Yes")).ToList();
        return new TaskDataset(new TaskDefinition("user", "demo", TaskKind.Boolean) { BooleanWords = BooleanWords.YesNo }, new Dictionary<string, IReadOnlyList<Example>>
        {
            ["train"] = examples, ["dev"] = examples, ["test"] = examples[..6], ["format"] = examples[..3],
        });
    }

    private static RunRecord Created(int examplesPerMessage)
    {
        var plan = Planner(examplesPerMessage: 1).Plan(Start());
        plan = plan with { Configuration = plan.Configuration with { ExamplesPerScoreBatch = examplesPerMessage } };
        return RunLifecycle.Create(Guid.NewGuid(), Settings, plan, new Dictionary<string, string> { ["dev"] = "h" }, LifecycleRuns.Now, null, Guid.NewGuid()).Run;
    }

    /// <summary>The run's first optimization step with two candidates, as a step that scores on dev.</summary>
    private static StepRecord Scoring(RunRecord run) => new()
    {
        Step = 1,
        Kind = StepKind.Optimize,
        Candidates = [new CandidateRecord { Index = 0, Prompt = "a" }, new CandidateRecord { Index = 1, Prompt = "b" }],
    };
}
