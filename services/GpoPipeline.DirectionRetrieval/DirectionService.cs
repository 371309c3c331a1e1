using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.Trajectories;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DirectionRetrieval;

/// <summary>
/// Loads the trajectory and picks the update direction (spec §1.3.2, §2): relevance over embeddings when an
/// embedding model is configured, otherwise the deterministic lexical similarity (DESIGN §4).
/// </summary>
public sealed class DirectionService(IRunStore store, IPromptEmbedder embedder)
{
    public async Task<DirectionRetrieved?> RetrieveAsync(StepStarted started, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(started.RunId, cancellationToken);
        if (run is null || run.Status != RunStatus.Running || run.CurrentStep != started.Step)
        {
            return null; // cancelled, finished or a stale redelivery: nothing to pay for
        }

        var trajectory = Trajectory.FromEntries(run.Trajectory.Select(t => new TrajectoryEntry(t.Prompt, t.DevScore, t.Step)));
        var options = new DirectionOptions
        {
            Strategy = OptionNames.Parse<RetrievalStrategy>(run.Settings.Retrieval, nameof(RunSettings.Retrieval)),
            K = run.Settings.DirectionSize,
            Order = string.Equals(run.Settings.DirectionOrder, "paper", StringComparison.OrdinalIgnoreCase)
                ? DirectionOrder.PaperAscending
                : DirectionOrder.Code,
        };

        IReadOnlyList<float[]>? embeddings = null;
        if (options.Strategy == RetrievalStrategy.Relevance && embedder.IsAvailable)
        {
            var call = new ModelCall(run.Id, started.Step, Purpose: "embed") { Budget = new RunBudget(run.Settings.MaxCalls, run.Settings.MaxTokens, run.Settings.MaxCost) };
            embeddings = await embedder.EmbedAsync([.. trajectory.Entries.Select(e => e.Prompt)], call, cancellationToken);
        }

        var direction = DirectionRetriever.Retrieve(trajectory, options, embeddings);
        return new DirectionRetrieved
        {
            RunId = run.Id,
            Step = started.Step,
            EditBudget = started.EditBudget,
            Direction = [.. direction.Entries.Select(e => new DirectionEntry { Prompt = e.Prompt, DevScore = e.DevScore, Step = e.Step })],
        };
    }
}
