using GpoPipeline.Contracts;
using GpoPipeline.DirectionRetrieval;
using GpoPipeline.Embeddings;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Issue 15 point 8: relevance retrieval uses a configured embedding endpoint, else the shipped all-MiniLM-L6-v2 in
/// process, else lexical TF-IDF as the named last resort; the reply says which (the scheduler records it on the run).
/// </summary>
public sealed class Similarity_Specs
{
    [Fact]
    public async Task When_no_embedding_model_is_configured_Should_rank_with_the_shipped_MiniLM_and_say_so()
    {
        await using var services = Services(encoder: null);

        var retrieved = await services.GetRequiredService<DirectionService>().RetrieveAsync(Started(), CancellationToken.None);

        Assert.Equal(MiniLmSentenceEncoder.ModelName, retrieved.Similarity);
        Assert.Contains("minilm", retrieved.Similarity, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(retrieved.Embeddings); // local vectors are not stored: the stored ones belong to an endpoint
        Assert.Equal(0, retrieved.EmbeddingUsage.Calls);
        Assert.Equal(3, retrieved.Direction.Count);
    }

    [Fact]
    public async Task When_the_shipped_model_cannot_load_Should_fall_back_to_lexical_TF_IDF_and_name_it()
    {
        await using var services = Services(new UnavailableEncoder());

        var retrieved = await services.GetRequiredService<DirectionService>().RetrieveAsync(Started(), CancellationToken.None);

        Assert.Equal(DirectionService.LexicalSimilarity, retrieved.Similarity);
        Assert.Equal(3, retrieved.Direction.Count);
    }

    [Fact]
    public async Task When_retrieval_is_by_recency_Should_name_no_similarity()
    {
        await using var services = Services(encoder: null);

        var retrieved = await services.GetRequiredService<DirectionService>().RetrieveAsync(
            Started() with { Retrieval = new RetrievalSettings { Strategy = RetrievalStrategy.Recency, K = 3, Order = DirectionOrder.Code } },
            CancellationToken.None);

        Assert.Null(retrieved.Similarity);
    }

    [Fact]
    public async Task When_the_next_step_adds_one_prompt_Should_encode_only_that_prompt_locally()
    {
        var encoder = new CountingEncoder();
        await using var services = Services(encoder);
        var retrieval = services.GetRequiredService<DirectionService>();
        var started = Started();

        await retrieval.RetrieveAsync(started with { Trajectory = started.Trajectory.Take(4).ToList() }, CancellationToken.None);
        var before = encoder.Texts;
        await retrieval.RetrieveAsync(started, CancellationToken.None);

        Assert.Equal(4, before);
        Assert.Equal(5, encoder.Texts);
    }

    /// <summary>The worker's own registration, with no Llm:Embedding:Model (the default configuration).</summary>
    private static ServiceProvider Services(ISentenceEncoder? encoder)
    {
        var builder = Host.CreateApplicationBuilder();
        if (encoder is not null)
        {
            builder.Services.TryAddSingleton(encoder);
        }

        builder.AddModelAccess();
        builder.AddDirectionRetrieval();
        return builder.Services.BuildServiceProvider();
    }

    private static StepStarted Started()
    {
        string[] prompts =
        [
            "Let's think step by step.", "Answer with Yes or No after checking each move.", "Count the steps in each direction carefully.",
            "The weather in Paris is sunny today.", "Think step by step, then answer.",
        ];
        var trajectory = prompts.Select((p, i) => new TrajectoryPoint { Prompt = p, DevScore = 0.1 * i, Step = i }).ToList();
        return new StepStarted
        {
            RunId = Guid.NewGuid(), Step = prompts.Length, TotalSteps = 10, EditBudget = 20, Trajectory = trajectory,
            Retrieval = new RetrievalSettings { Strategy = RetrievalStrategy.Relevance, K = 3, Order = DirectionOrder.Code },
            Generation = new GenerationRequest
            {
                Strategy = RetrievalStrategy.Relevance, Refinement = Refinement.Generate, Position = PromptPosition.QEnd,
                ScoreDisplay = ScoreDisplay.Percent, EnforceBudget = false, Candidates = 2, Seed = 0, FormatExamples = [],
                Trajectory = trajectory, MaxCalls = 2,
            },
        };
    }

    private sealed class CountingEncoder : ISentenceEncoder
    {
        private int texts;

        public int Texts => texts;

        public string Name => MiniLmSentenceEncoder.ModelName;

        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> batch)
        {
            Interlocked.Add(ref texts, batch.Count);
            return MiniLmSentenceEncoder.Shared.Encode(batch);
        }
    }

    private sealed class UnavailableEncoder : ISentenceEncoder
    {
        public string Name => "never";

        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts) =>
            throw new SentenceEncoderUnavailableException("no ONNX Runtime for this platform (spec stand-in)");
    }
}
