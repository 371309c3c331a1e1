using GpoPipeline.Contracts;
using GpoPipeline.DirectionRetrieval;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A forged StepStarted is refused (dead-lettered, changing nothing) naming the field, before the paid embedding call:
/// k = 0 used to throw ArgumentOutOfRangeException after the call, a retried fault that failed the run it named.
/// </summary>
public sealed class StepStartedChecks_Specs
{
    [Theory]
    [InlineData("k 0", "Retrieval.K")]
    [InlineData("k negative", "Retrieval.K")]
    [InlineData("strategy undefined", "Retrieval.Strategy")]
    [InlineData("score NaN", "dev score")]
    [InlineData("embedding empty", "finite numbers")]
    [InlineData("embedding not finite", "finite numbers")]
    [InlineData("entry missing", "an entry is missing")]
    [InlineData("embedding calls 1000", "MaxEmbeddingCalls")]
    public async Task When_a_StepStarted_is_forged_Should_refuse_it_naming_the_field_before_any_embedding_call(string forgery, string named)
    {
        var embedder = new CountingEmbedder();
        var started = Started();
        var retrieval = started.Retrieval!;
        var points = started.Trajectory.ToList();
        started = forgery switch
        {
            "k 0" => started with { Retrieval = retrieval with { K = 0 } },
            "k negative" => started with { Retrieval = retrieval with { K = -3 } },
            "strategy undefined" => started with { Retrieval = retrieval with { Strategy = (RetrievalStrategy)99 } },
            "score NaN" => started with { Trajectory = [points[0] with { DevScore = double.NaN }, .. points[1..]] },
            "embedding empty" => started with { Trajectory = [points[0] with { Embedding = [] }, .. points[1..]] },
            "embedding not finite" => started with { Trajectory = [points[0] with { Embedding = [float.PositiveInfinity, 0f, 0f] }, .. points[1..]] },
            "entry missing" => started with { Trajectory = [points[0], null!, .. points[1..]] },
            _ => started with { MaxEmbeddingCalls = 1000 },
        };

        var refused = await Assert.ThrowsAsync<RejectedMessageException>(() => Service(embedder).RetrieveAsync(started, CancellationToken.None));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, embedder.Calls);
    }

    [Fact]
    public async Task When_a_StepStarted_is_genuine_Should_embed_the_missing_prompts_in_one_call()
    {
        var embedder = new CountingEmbedder();

        var retrieved = await Service(embedder).RetrieveAsync(Started(), CancellationToken.None);

        Assert.Equal(1, embedder.Calls);
        Assert.Equal(3, retrieved.Direction.Count);
    }

    private static DirectionService Service(CountingEmbedder embedder) => new(
        embedder, new UnusedEncoder(), Options.Create(new EmbeddingModelOptions { Model = "sim-embedding" }),
        Options.Create(new MessageLimitsOptions()), NullLogger<DirectionService>.Instance);

    private static StepStarted Started()
    {
        string[] prompts = ["Let's think step by step.", "Answer with Yes or No after checking each move.", "Count the steps in each direction carefully.", "Think step by step, then answer."];
        var trajectory = prompts.Select((p, i) => new TrajectoryPoint { Prompt = p, DevScore = 0.1 * i, Step = i }).ToList();
        return new StepStarted
        {
            RunId = Guid.NewGuid(), Step = prompts.Length, TotalSteps = 10, EditBudget = 20, Trajectory = trajectory, MaxEmbeddingCalls = 1,
            WorkToken = Guid.NewGuid(),
            Retrieval = new RetrievalSettings { Strategy = RetrievalStrategy.Relevance, K = 3, Order = DirectionOrder.Code },
            Generation = new GenerationRequest
            {
                Strategy = RetrievalStrategy.Relevance, Refinement = Refinement.Generate, Position = PromptPosition.QEnd,
                ScoreDisplay = ScoreDisplay.Percent, EnforceBudget = false, Candidates = 2, Seed = 0, FormatExamples = [],
                Trajectory = trajectory, MaxCalls = 2,
            },
        };
    }
}
