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
/// A vector's identity is (model name, dimension): when the endpoint serves its model with another output dimension
/// under the same name (its <c>dimensions</c> setting changed, or another model was deployed as it), the stored vectors
/// of the former dimension are another vector space, as another model's are. Before, the step threw comparing two
/// lengths (or was refused as "one model's must have one length"), a fault that failed the run.
/// </summary>
public sealed class StoredEmbeddingDimension_Specs
{
    private const string Model = "model-a";

    // Stored, of 2 dimensions: the newest prompt is nearest "Answer plainly.". Answered now, of 3: nearest "Check each move.".
    private static readonly string[] Prompts = ["Answer plainly.", "Check each move.", "Count the steps.", "Think, then answer."];
    private static readonly float[][] Former = [[1f, 0f], [0f, 1f], [0f, 1f], [1f, 0f]];
    private static readonly float[][] Current = [[1f, 0f, 0f], [0f, 1f, 0f], [0.6f, 0f, 0.8f], [0f, 1f, 0f]];

    [Fact]
    public async Task When_the_model_answers_another_dimension_than_its_stored_vectors_Should_rank_lexically_and_send_the_new_vectors_back()
    {
        var embedder = Embedder();

        var retrieved = await Service(embedder).RetrieveAsync(Started(i => i < 3 ? (Model, Former[i]) : (null, null)), CancellationToken.None);

        Assert.Equal([Prompts[3]], Assert.Single(embedder.Calls));
        Assert.Contains("lexical", retrieved.Similarity, StringComparison.Ordinal);
        Assert.Contains("now answers 3 dimensions, its stored vectors have 2", retrieved.Similarity, StringComparison.Ordinal);
        var fresh = Assert.Single(retrieved.Embeddings);
        Assert.Equal((Prompts[3], Model), (fresh.Prompt, fresh.Model));
        Assert.Equal(Current[3], fresh.Vector);
        Assert.Equal(1, retrieved.EmbeddingUsage.Calls);
        Assert.Equal(2, retrieved.Direction.Count);
    }

    [Fact]
    public async Task When_the_newest_stored_vector_is_of_the_new_dimension_Should_embed_the_former_ones_again_in_the_one_call_and_rank_by_cosine()
    {
        var embedder = Embedder();

        var retrieved = await Service(embedder).RetrieveAsync(
            Started(i => i switch { < 2 => (Model, Former[i]), 2 => (Model, Current[2]), _ => (null, null) }), CancellationToken.None);

        Assert.Equal([Prompts[0], Prompts[1], Prompts[3]], Assert.Single(embedder.Calls));
        Assert.Equal($"embedding endpoint {Model}", retrieved.Similarity);
        Assert.Equal(["Think, then answer.", "Check each move."], retrieved.Direction.Select(d => d.Prompt));
        Assert.Equal([Prompts[0], Prompts[1], Prompts[3]], retrieved.Embeddings.Select(e => e.Prompt));
        Assert.All(retrieved.Embeddings, e => Assert.Equal((Model, 3), (e.Model, e.Vector.Length)));
    }

    [Fact]
    public async Task When_the_model_has_stored_vectors_Should_ask_the_call_for_their_dimension_so_a_cached_vector_of_another_is_embedded_again()
    {
        var embedder = new ScriptedEmbedder(texts => [.. texts.Select(t => Current[Array.IndexOf(Prompts, t)])]);

        await Service(embedder).RetrieveAsync(
            Started(i => i switch { < 2 => (Model, Former[i]), 2 => (Model, Current[2]), _ => (null, null) }), CancellationToken.None);

        Assert.Equal(3, Assert.Single(embedder.Contexts).ExpectedDimensions);
    }

    [Fact]
    public async Task When_no_call_is_reserved_and_the_model_s_stored_vectors_differ_in_length_Should_rank_lexically_and_not_refuse_the_step()
    {
        var embedder = Embedder();
        var started = Started(i => i < 2 ? (Model, Former[i]) : (Model, Current[i])) with { MaxEmbeddingCalls = 0 };

        StepStartedChecks.Validate(started, new MessageLimitsOptions());
        var retrieved = await Service(embedder).RetrieveAsync(started, CancellationToken.None);

        Assert.Empty(embedder.Calls);
        Assert.Empty(retrieved.Embeddings);
        Assert.Contains("lexical", retrieved.Similarity, StringComparison.Ordinal);
        Assert.Contains("another model or dimension", retrieved.Similarity, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a NaN component", "not of finite numbers")]
    [InlineData("an empty vector", "empty")]
    [InlineData("a vector short", "3 vectors for 4 prompts")]
    [InlineData("two lengths", "vectors of 2 and 3 dimensions")]
    public async Task When_the_endpoint_answers_vectors_retrieval_cannot_use_Should_rank_lexically_store_none_and_say_why(string answer, string reason)
    {
        var embedder = new ScriptedEmbedder(texts => answer switch
        {
            "a NaN component" => [.. texts.Select((_, i) => i == 1 ? [float.NaN, 1f, 0f] : Current[i])],
            "an empty vector" => [.. texts.Select((_, i) => i == 1 ? [] : Current[i])],
            "a vector short" => [.. texts.Skip(1).Select((_, i) => Current[i])],
            _ => [.. texts.Select((_, i) => i == 0 ? Former[i] : Current[i])], // a response cache kept the former vector
        });

        var retrieved = await Service(embedder).RetrieveAsync(Started(_ => (null, null)), CancellationToken.None);

        Assert.Single(embedder.Calls);
        Assert.Empty(retrieved.Embeddings);
        Assert.Contains("lexical", retrieved.Similarity, StringComparison.Ordinal);
        Assert.Contains(reason, retrieved.Similarity, StringComparison.Ordinal);
        Assert.Equal(1, retrieved.EmbeddingUsage.Calls); // the call was paid
        Assert.Equal(2, retrieved.Direction.Count);
    }

    private static TableEmbedder Embedder() => new(Prompts.Select((p, i) => (p, Current[i])).ToDictionary(x => x.p, x => x.Item2));

    private static DirectionService Service(IPromptEmbedder embedder) => new(
        embedder, new UnusedEncoder(), Options.Create(new EmbeddingModelOptions { Model = Model }),
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
