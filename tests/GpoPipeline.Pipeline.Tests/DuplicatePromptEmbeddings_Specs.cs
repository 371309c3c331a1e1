using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.DirectionRetrieval;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// GPO's trajectory can hold one prompt twice (a step that keeps its current prompt appends it again, issue 15 point
/// 3; optimize.py lines 39-49). A vector belongs to the prompt's text: the worker embeds each text once and finds it by
/// text, so the repeat needs no call. Before, the reservation counted entries: the repeat, never given a vector (the
/// worker had nothing to embed, so sent none back), reserved a call every later step that was never spent, holding it
/// back from the generation's allowance and the budget check.
/// </summary>
public sealed class DuplicatePromptEmbeddings_Specs
{
    [Fact]
    public void When_a_step_keeps_its_embedded_prompt_and_the_trajectory_holds_it_twice_Should_reserve_no_embedding_call()
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 1 generating
        var reply = LifecycleRuns.Candidates(run) with // no usable candidate: the step keeps the current prompt
        {
            Embeddings = [new PromptEmbedding { Prompt = run.Trajectory[0].Prompt, Vector = [0.8f, 0.6f], Model = "model-a" }],
        };
        RunLifecycle.RecordCandidates(run, reply, LifecycleRuns.Now, Guid.NewGuid(), 20_000);

        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 2 opens

        Assert.Equal(2, run.Trajectory.Count(t => t.Prompt == run.Trajectory[0].Prompt));
        Assert.Equal(0, EmbeddingReservation.Calls(run.Trajectory));
    }

    [Theory]
    [InlineData("the repeat has no vector", 0)]
    [InlineData("the repeat's text has no vector at all", 1)]
    [InlineData("the text's vector is of the former model", 1)]
    public void When_a_prompt_appears_twice_Should_count_its_text_once(string trajectory, int calls)
    {
        static TrajectoryRecord Entry(int step, string prompt, string? model) =>
            new() { Step = step, Prompt = prompt, Embedding = model is null ? null : [1f, 0f], EmbeddingModel = model };
        List<TrajectoryRecord> entries = trajectory switch
        {
            "the repeat has no vector" => [Entry(0, "p0", "b"), Entry(1, "p1", "b"), Entry(2, "p0", null)],
            "the repeat's text has no vector at all" => [Entry(0, "p0", null), Entry(1, "p1", "b"), Entry(2, "p0", null)],
            _ => [Entry(0, "p0", "a"), Entry(1, "p1", "b"), Entry(2, "p0", null)],
        };

        Assert.Equal(calls, EmbeddingReservation.Calls(entries));
    }

    [Fact]
    public void When_a_reply_embeds_a_prompt_the_trajectory_holds_twice_Should_store_the_vector_on_both_entries()
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 1 generating
        var prompt = run.Trajectory[0].Prompt;
        run.Trajectory.Add(new TrajectoryRecord { Step = 1, Prompt = prompt, DevScore = 0.5 });
        var reply = LifecycleRuns.Candidates(run, "Answer Yes or No after thinking.") with
        {
            Embeddings = [new PromptEmbedding { Prompt = prompt, Vector = [0.8f, 0.6f], Model = "model-a" }],
        };

        Assert.Equal(ReplyFit.Accept, ReplyChecks.Judge(run, reply).Fit);
        RunLifecycle.RecordCandidates(run, reply, LifecycleRuns.Now, Guid.NewGuid(), 20_000);

        Assert.All(run.Trajectory, t =>
        {
            Assert.Equal("model-a", t.EmbeddingModel);
            Assert.Equal(new[] { 0.8f, 0.6f }, t.Embedding);
        });
    }

    [Fact]
    public async Task When_the_repeat_of_an_embedded_prompt_has_no_vector_of_its_own_Should_rank_with_its_text_s_vector_without_a_call()
    {
        var embedder = new CountingEmbedder();
        string[] prompts = ["Answer plainly.", "Check each move.", "Answer plainly."];
        float[][] vectors = [[1f, 0f], [0f, 1f], [1f, 0f]];
        var trajectory = prompts.Select((p, i) => new TrajectoryPoint
        {
            Prompt = p, DevScore = 0.1 * i, Step = i, Embedding = i < 2 ? vectors[i] : null, EmbeddingModel = i < 2 ? "model-a" : null,
        }).ToList();
        var started = new StepStarted
        {
            RunId = Guid.NewGuid(), Step = 3, TotalSteps = 10, EditBudget = 20, Trajectory = trajectory, MaxEmbeddingCalls = 0, WorkToken = Guid.NewGuid(),
            Retrieval = new RetrievalSettings { Strategy = RetrievalStrategy.Relevance, K = 2, Order = DirectionOrder.Code },
            Generation = new GenerationRequest
            {
                Strategy = RetrievalStrategy.Relevance, Refinement = Refinement.Generate, Position = PromptPosition.QEnd,
                ScoreDisplay = ScoreDisplay.Percent, EnforceBudget = false, Candidates = 2, Seed = 0, FormatExamples = [],
                Trajectory = trajectory, MaxCalls = 2,
            },
        };
        var service = new DirectionService(embedder, new UnusedEncoder(), Options.Create(new EmbeddingModelOptions { Model = "model-a" }),
            Options.Create(new MessageLimitsOptions()), NullLogger<DirectionService>.Instance);

        var retrieved = await service.RetrieveAsync(started, CancellationToken.None);

        Assert.Equal(0, embedder.Calls);
        Assert.Equal("embedding endpoint model-a", retrieved.Similarity);
        Assert.Equal([2, 0], retrieved.Direction.Select(d => d.Step));
    }
}
