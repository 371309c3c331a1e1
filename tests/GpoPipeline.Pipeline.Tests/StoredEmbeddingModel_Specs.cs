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
/// Retrieval uses a stored vector only when it is of the model the worker embeds with now: after the workers were
/// redeployed with another embedding model, the old vectors are another vector space (same length or not).
/// </summary>
public sealed class StoredEmbeddingModel_Specs
{
    private const string Current = "model-b";

    // Under model A the newest prompt is nearest "Answer plainly."; under model B it is nearest "Check each move.".
    private static readonly string[] Prompts = ["Answer plainly.", "Check each move.", "Count the steps.", "Think, then answer."];
    private static readonly float[][] VectorsOfA = [[1f, 0f], [0f, 1f], [0f, 1f], [1f, 0f]];
    private static readonly float[][] VectorsOfB = [[1f, 0f], [0f, 1f], [0.6f, 0.8f], [0f, 1f]];

    [Fact]
    public async Task When_every_stored_vector_is_of_another_model_of_the_same_length_Should_embed_all_in_one_call_and_rank_with_the_new_ones_only()
    {
        var embedder = Embedder();

        var retrieved = await Service(embedder).RetrieveAsync(Started(i => ("model-a", VectorsOfA[i])), CancellationToken.None);

        Assert.Equal(Prompts, Assert.Single(embedder.Calls));
        Assert.Equal(["Think, then answer.", "Check each move."], retrieved.Direction.Select(d => d.Prompt));
        Assert.Equal(Prompts, retrieved.Embeddings.Select(e => e.Prompt));
        Assert.All(retrieved.Embeddings, e => Assert.Equal(Current, e.Model));
        Assert.Equal(1, retrieved.EmbeddingUsage.Calls);
    }

    [Fact]
    public async Task When_stored_vectors_are_of_another_length_Should_embed_them_again_rather_than_compare_them()
    {
        var embedder = Embedder();
        var longer = Enumerable.Range(0, 8).Select(i => (float)i + 1).ToArray();

        var retrieved = await Service(embedder).RetrieveAsync(Started(i => i < 3 ? ("model-a", longer) : (null, null)), CancellationToken.None);

        Assert.Equal(Prompts, Assert.Single(embedder.Calls));
        Assert.Equal(["Think, then answer.", "Check each move."], retrieved.Direction.Select(d => d.Prompt));
    }

    [Fact]
    public async Task When_a_stored_vector_has_no_model_Should_embed_it_again_and_keep_only_those_of_the_current_model()
    {
        var embedder = Embedder();

        var retrieved = await Service(embedder).RetrieveAsync(
            Started(i => i switch { 0 => (null, VectorsOfB[0]), 1 => (Current, VectorsOfB[1]), _ => (null, null) }), CancellationToken.None);

        Assert.Equal([Prompts[0], Prompts[2], Prompts[3]], Assert.Single(embedder.Calls));
        Assert.All(retrieved.Embeddings, e => Assert.Equal(Current, e.Model));
    }

    [Fact]
    public async Task When_no_call_is_reserved_and_the_stored_vectors_are_of_another_model_Should_rank_lexically_and_say_why()
    {
        var embedder = Embedder();

        var retrieved = await Service(embedder).RetrieveAsync(
            Started(i => ("model-a", VectorsOfA[i])) with { MaxEmbeddingCalls = 0 }, CancellationToken.None);

        Assert.Empty(embedder.Calls);
        Assert.Empty(retrieved.Embeddings);
        Assert.Contains("lexical", retrieved.Similarity, StringComparison.Ordinal);
        Assert.Contains("another model", retrieved.Similarity, StringComparison.Ordinal);
    }

    private static TableEmbedder Embedder() => new(Prompts.Select((p, i) => (p, VectorsOfB[i])).ToDictionary(x => x.p, x => x.Item2));

    private static DirectionService Service(TableEmbedder embedder) => new(
        embedder, new UnusedEncoder(), Options.Create(new EmbeddingModelOptions { Model = Current }),
        Options.Create(new MessageLimitsOptions()), NullLogger<DirectionService>.Instance);

    /// <param name="stored">Per entry, the stored vector's model and the vector (null: none stored).</param>
    private static StepStarted Started(Func<int, (string? Model, float[]? Vector)> stored)
    {
        var trajectory = Prompts.Select((p, i) => new TrajectoryPoint
        {
            Prompt = p, DevScore = 0.1 * i, Step = i, Embedding = stored(i).Vector, EmbeddingModel = stored(i).Model,
        }).ToList();
        return new StepStarted
        {
            RunId = Guid.NewGuid(), Step = Prompts.Length, TotalSteps = 10, EditBudget = 20, Trajectory = trajectory, MaxEmbeddingCalls = 1,
            WorkToken = Guid.NewGuid(),
            Retrieval = new RetrievalSettings { Strategy = RetrievalStrategy.Relevance, K = 2, Order = DirectionOrder.Code },
            Generation = new GenerationRequest
            {
                Strategy = RetrievalStrategy.Relevance, Refinement = Refinement.Generate, Position = PromptPosition.QEnd,
                ScoreDisplay = ScoreDisplay.Percent, EnforceBudget = false, Candidates = 2, Seed = 0, FormatExamples = [],
                Trajectory = trajectory, MaxCalls = 2,
            },
        };
    }
}
