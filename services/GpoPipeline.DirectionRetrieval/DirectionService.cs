using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.Trajectories;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace GpoPipeline.DirectionRetrieval;

/// <summary>
/// Picks the update direction (spec §1.3.2, §2) from the trajectory the message carries: relevance over embeddings
/// when an embedding model is configured (only prompts without a stored embedding are embedded, and the new vectors
/// go back to the scheduler), otherwise the deterministic lexical similarity (DESIGN §4). Reads no store.
/// </summary>
public sealed class DirectionService(IPromptEmbedder embedder, IOptions<MessageLimitsOptions> limits)
{
    public async Task<DirectionRetrieved> RetrieveAsync(StepStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var where = $"StepStarted for run {started.RunId} step {started.Step}";
        if (started.Retrieval is not { } settings || started.Generation is null || started.Trajectory is not { Count: > 0 } points)
        {
            throw new RejectedMessageException($"{where}: needs Retrieval, Generation and a non-empty Trajectory.");
        }

        MessageLimitsOptions.Count(points.Count, limits.Value.MaxTrajectoryEntries, $"{where}: trajectory entries", nameof(MessageLimitsOptions.MaxTrajectoryEntries));
        foreach (var point in points)
        {
            limits.Value.Prompt(point?.Prompt, $"{where}: trajectory entry of step {point?.Step}");
        }

        var trajectory = Trajectory.FromEntries(points.Select(p => new TrajectoryEntry(p.Prompt, p.DevScore, p.Step)));
        var options = new DirectionOptions { Strategy = settings.Strategy, K = settings.K, Order = settings.Order };
        IReadOnlyList<float[]>? embeddings = null;
        List<PromptEmbedding> computed = [];
        if (options.Strategy == RetrievalStrategy.Relevance && embedder.IsAvailable)
        {
            var known = points.Where(p => p.Embedding is not null).GroupBy(p => p.Prompt).ToDictionary(g => g.Key, g => g.First().Embedding!);
            var missing = points.Select(p => p.Prompt).Where(p => !known.ContainsKey(p)).Distinct().ToList();
            if (missing.Count == 0 || started.MaxEmbeddingCalls > 0)
            {
                // One call embeds every missing prompt: the scheduler reserved it. No budget check here: the worker holds none.
                var call = new ModelCall(started.RunId, started.Step, Purpose: "embed");
                var vectors = missing.Count == 0 ? [] : await embedder.EmbedAsync(missing, call, cancellationToken);
                computed = [.. missing.Zip(vectors, (prompt, vector) => new PromptEmbedding { Prompt = prompt, Vector = vector })];
                foreach (var embedding in computed)
                {
                    known[embedding.Prompt] = embedding.Vector;
                }

                embeddings = [.. trajectory.Entries.Select(e => known[e.Prompt])];
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
            EmbeddingUsage = new ModelUsage { Calls = computed.Count > 0 ? 1 : 0 },
        };
    }
}
