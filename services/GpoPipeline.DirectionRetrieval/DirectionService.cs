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
            (embeddings, computed, usage, similarity) = await EmbedWithEndpointAsync(started, trajectory, cancellationToken);
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

    /// <summary>
    /// Vectors from the configured endpoint: the stored ones of the model's current (name, dimension), the others
    /// embedded in the one call the scheduler reserved. Without a usable vector for every entry, the step ranks
    /// lexically (null vectors) and says why; the new vectors still go back to be stored.
    /// </summary>
    private async Task<(IReadOnlyList<float[]>? Vectors, List<PromptEmbedding> Computed, ModelUsage Usage, string Similarity)> EmbedWithEndpointAsync(
        StepStarted started, Trajectory trajectory, CancellationToken cancellationToken)
    {
        // The model's name is its identity, not the endpoint's address: one model serves one vector space wherever
        // it is reached (another region, a proxy, the simulator's new port each start), so a moved endpoint costs no
        // re-embedding. Its output dimension is part of it: a name served with another dimension is another space.
        // Another model served under the same name with the same dimension cannot be told apart: rename it.
        var model = embedding.Value.Model;
        var similarity = $"embedding endpoint {model}";
        var (known, missing, dimensions) = StoredEmbeddings.Split(started.Trajectory, model);
        if (missing.Count == 0)
        {
            return ([.. trajectory.Entries.Select(e => known[e.Prompt])], [], ModelUsage.None, similarity);
        }

        if (started.MaxEmbeddingCalls == 0)
        {
            // Every entry has a vector, some of another model or dimension (the workers were redeployed with a new
            // one): the scheduler reserved no call. The step after this one reserves it (its new entry has none).
            return (null, [], ModelUsage.None, started.Trajectory.All(p => p.Embedding is not null)
                ? "lexical TF-IDF (stored embeddings of another model or dimension, no embedding call reserved for this step)"
                : "lexical TF-IDF (no embedding call left in the run's budget)");
        }

        // One call embeds every missing prompt: the scheduler reserved it. No budget check here: the worker holds none.
        // A cached vector of another length than the model's stored ones is of its former output: not taken.
        var call = new ModelCall(started.RunId, started.Step, Purpose: "embed") { ExpectedDimensions = dimensions };
        var reply = await embedder.EmbedAsync(missing, call, cancellationToken);
        var usage = Paid(reply.Usage);
        if (FreshVectors.Problem(reply.Vectors, missing.Count) is { } problem)
        {
            logger.LogWarning("Run {RunId} step {Step}: the embedding endpoint's answer is unusable ({Problem}); the step ranks lexically.", started.RunId, started.Step, problem);
            return (null, [], usage, $"lexical TF-IDF (the embedding endpoint's answer was unusable: {problem})");
        }

        List<PromptEmbedding> computed = [.. missing.Zip(reply.Vectors, (prompt, vector) => new PromptEmbedding { Prompt = prompt, Vector = vector, Model = model })];
        var answered = reply.Vectors[0].Length;
        if (known.Count > 0 && answered != dimensions)
        {
            // The model now answers another dimension under the same name: every stored vector of it is of its former
            // output, and the call is spent. The new vectors are stored, so the scheduler's newest vector is of the new
            // dimension and the next step reserves the call that embeds the others again (EmbeddingReservation).
            return (null, computed, usage,
                $"lexical TF-IDF (embedding model {model} now answers {answered} dimensions, its stored vectors have {dimensions}; they are embedded again next step)");
        }

        foreach (var fresh in computed)
        {
            known[fresh.Prompt] = fresh.Vector;
        }

        return ([.. trajectory.Entries.Select(e => known[e.Prompt])], computed, usage, similarity);
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
