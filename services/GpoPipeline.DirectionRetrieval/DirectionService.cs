using System.Collections.Concurrent;
using GpoPipeline.Contracts;
using GpoPipeline.Embeddings;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.Trajectories;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GpoPipeline.DirectionRetrieval;

/// <summary>
/// Picks the update direction (spec §1.3.2, §2) from the trajectory the message carries. Relevance uses, in order
/// (DESIGN §4, issue 15 point 8): the configured embedding endpoint (only prompts without a stored embedding are
/// embedded, and the new vectors go back to the scheduler); else the shipped all-MiniLM-L6-v2 in this process; else,
/// as the named last resort, the deterministic lexical similarity. The reply names the one used. Reads no store.
/// </summary>
public sealed class DirectionService(IPromptEmbedder embedder, ISentenceEncoder localEncoder, IOptions<EmbeddingModelOptions> embedding,
    IOptions<MessageLimitsOptions> limits, ILogger<DirectionService> logger)
{
    public const string LexicalSimilarity = "lexical TF-IDF (no embedding model)";

    /// <summary>Prompts kept encoded in this process (a cache, not state: losing it costs only re-encoding).</summary>
    private const int MaxLocalVectors = 4096;

    private readonly ConcurrentDictionary<string, float[]> localVectors = new(StringComparer.Ordinal);

    /// <summary>Said once per process: every later step would only repeat it.</summary>
    private int localModelFailureLogged;

    public async Task<DirectionRetrieved> RetrieveAsync(StepStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var settings = StepStartedChecks.Validate(started, limits.Value);
        var points = started.Trajectory;
        var trajectory = Trajectory.FromEntries(points.Select(p => new TrajectoryEntry(p.Prompt, p.DevScore, p.Step)));
        var options = new DirectionOptions { Strategy = settings.Strategy, K = settings.K, Order = settings.Order };
        IReadOnlyList<float[]>? embeddings = null;
        List<PromptEmbedding> computed = [];
        var usage = ModelUsage.None;
        string? similarity = null;
        if (options.Strategy == RetrievalStrategy.Relevance && !embedder.IsAvailable)
        {
            // Local vectors are not sent back: the stored ones belong to the endpoint (another vector space), and
            // re-encoding a trajectory costs milliseconds and no call.
            embeddings = EncodeLocally(trajectory);
            similarity = embeddings is null ? LexicalSimilarity : localEncoder.Name;
        }
        else if (options.Strategy == RetrievalStrategy.Relevance)
        {
            // The model's name is its identity, not the endpoint's address: one model serves one vector space wherever
            // it is reached (another region, a proxy, the simulator's new port each start), so a moved endpoint costs no
            // re-embedding. An operator serving another model under the same name must rename it.
            var model = embedding.Value.Model;
            similarity = $"embedding endpoint {model}";
            var (known, missing) = StoredEmbeddings.Split(points, model);
            if (missing.Count == 0 || started.MaxEmbeddingCalls > 0)
            {
                // One call embeds every missing prompt: the scheduler reserved it. No budget check here: the worker holds none.
                var call = new ModelCall(started.RunId, started.Step, Purpose: "embed");
                var reply = missing.Count == 0 ? EmbeddingReply.Empty : await embedder.EmbedAsync(missing, call, cancellationToken);
                computed = [.. missing.Zip(reply.Vectors, (prompt, vector) => new PromptEmbedding { Prompt = prompt, Vector = vector, Model = model })];
                usage = Paid(reply.Usage);
                foreach (var embedding in computed)
                {
                    known[embedding.Prompt] = embedding.Vector;
                }

                embeddings = [.. trajectory.Entries.Select(e => known[e.Prompt])];
            }
            else
            {
                // Every entry has a vector, some of another model (the workers were redeployed with a new one): the
                // scheduler reserved no call. The step after this one reserves it (its new entry has none).
                similarity = points.All(p => p.Embedding is not null)
                    ? "lexical TF-IDF (stored embeddings of another model, no embedding call reserved for this step)"
                    : "lexical TF-IDF (no embedding call left in the run's budget)";
            }
        }

        var direction = DirectionRetriever.Retrieve(trajectory, options, embeddings);
        return new DirectionRetrieved
        {
            RunId = started.RunId,
            Step = started.Step,
            EditBudget = started.EditBudget,
            Direction = [.. direction.Entries.Select(e => new DirectionEntry { Prompt = e.Prompt, DevScore = e.DevScore, Step = e.Step })],
            Generation = started.Generation,
            Embeddings = computed,
            EmbeddingUsage = usage,
            Similarity = similarity,
            WorkToken = started.WorkToken,
        };
    }

    /// <summary>The embedding call as the run records it: like a chat call's (GenerationReply, BatchScorer), attempts included.</summary>
    private static ModelUsage Paid(CallUsage usage) => usage.CacheHit || usage.Attempts == 0
        ? ModelUsage.None
        : new ModelUsage { Calls = 1, InputTokens = usage.InputTokens, OutputTokens = usage.OutputTokens, Cost = usage.Cost, Attempts = usage.Attempts };

    private IReadOnlyList<float[]>? EncodeLocally(Trajectory trajectory)
    {
        try
        {
            // A step adds one prompt to the trajectory: only that one is new to this process (~5 ms on an idle 2-core
            // machine, 17-20 ms under heavy shared load; EmbeddingBenchmarks).
            var missing = trajectory.Entries.Select(e => e.Prompt).Where(p => !localVectors.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToList();
            var vectors = localEncoder.Encode(missing);
            if (localVectors.Count + missing.Count > MaxLocalVectors)
            {
                localVectors.Clear();
            }

            for (var i = 0; i < missing.Count; i++)
            {
                localVectors[missing[i]] = vectors[i];
            }

            // Another step's Clear may have dropped one meanwhile: it is encoded again.
            return [.. trajectory.Entries.Select(e => localVectors.TryGetValue(e.Prompt, out var v) ? v : localEncoder.Encode([e.Prompt])[0])];
        }
        catch (SentenceEncoderUnavailableException ex)
        {
            if (Interlocked.Exchange(ref localModelFailureLogged, 1) == 0)
            {
                logger.LogWarning("Relevance retrieval uses lexical TF-IDF: {Reason}", ex.Message);
            }

            return null;
        }
    }
}
