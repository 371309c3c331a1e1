using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization;
using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Optimization.Trajectories;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.Options;

namespace GpoPipeline.PromptGeneration;

/// <summary>
/// Meta-prompt → optimizer model → screened candidates (spec §1.3.4–6). When every reply is rejected it asks
/// again (fresh samples) up to <see cref="GenerationOptions.MaxAttempts"/> times, then reports the reasons.
/// </summary>
public sealed class CandidateGenerator(IRunStore store, IOptimizerModel optimizer, DatasetCatalog datasets, IOptions<GenerationOptions> options)
{
    public async Task<CandidatesGenerated?> GenerateAsync(DirectionRetrieved retrieved, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(retrieved.RunId, cancellationToken);
        if (run is null || run.Status != RunStatus.Running || run.CurrentStep != retrieved.Step)
        {
            return null;
        }

        var settings = run.Settings;
        var dataset = datasets.Get(settings.DataPath, run.Task);
        var examples = FormatExamplePicker.Pick(dataset[Split.Format], settings.FormatExamples, settings.Seed);
        var entries = retrieved.Direction.Select(e => new TrajectoryEntry(e.Prompt, e.DevScore, e.Step)).ToList();
        var current = run.Trajectory[^1];
        var direction = new UpdateDirection(
            OptionNames.Parse<RetrievalStrategy>(settings.Retrieval, nameof(settings.Retrieval)),
            entries,
            new TrajectoryEntry(current.Prompt, current.DevScore, current.Step));
        var metaPrompt = MetaPromptBuilder.Build(direction, examples, retrieved.EditBudget, new MetaPromptOptions
        {
            Refinement = OptionNames.Parse<Refinement>(settings.Refinement, nameof(settings.Refinement)),
            Position = OptionNames.ParsePosition(settings.PromptPosition),
            ScoreDisplay = settings.ScoresAsPercent ? ScoreDisplay.Percent : ScoreDisplay.Raw,
        });

        var trajectory = Trajectory.FromEntries(run.Trajectory.Select(t => new TrajectoryEntry(t.Prompt, t.DevScore, t.Step)));
        var candidateOptions = new CandidateOptions { EnforceBudget = settings.EnforceBudget };
        List<string> rejections = [];
        var budget = new RunBudget(settings.MaxCalls, settings.MaxTokens, settings.MaxCost);
        for (var attempt = 0; attempt < options.Value.MaxAttempts; attempt++)
        {
            // Attempt k asks for (k+1)·n replies: the first k·n are the earlier attempts' replies, replayed from the
            // cache at no cost, the last n are fresh samples (their own seeds). Candidate indices stay unique.
            var call = new ModelCall(run.Id, retrieved.Step, Purpose: "generate") { Budget = budget, SamplingSeed = settings.Seed };
            // Not cancelled by a stopping host: paid completions finish and land in the cache (spec §6.7's waste avoided).
            var replies = await optimizer.GenerateAsync(metaPrompt, settings.Candidates * (attempt + 1), call, CancellationToken.None);
            var screened = CandidateScreen.Screen(replies.Texts, trajectory, retrieved.EditBudget, candidateOptions);
            rejections = [.. screened.Rejected.Select(r => r.ToString())];
            if (screened.Accepted.Count > 0)
            {
                return Generated(retrieved, screened.Accepted, rejections);
            }
        }

        return Generated(retrieved, [], rejections);
    }

    private static CandidatesGenerated Generated(DirectionRetrieved retrieved, IReadOnlyList<Candidate> accepted, List<string> rejections) => new()
    {
        RunId = retrieved.RunId,
        Step = retrieved.Step,
        Candidates = [.. accepted.Select(c => new CandidatePrompt
        {
            CandidateIndex = c.Index, Prompt = c.Prompt, EditDistance = c.EditDistance, WithinBudget = c.WithinBudget,
        })],
        Rejections = rejections,
    };
}
