using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Trajectories;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace GpoPipeline.PromptGeneration;

/// <summary>
/// Meta-prompt → optimizer model → screened candidates (spec §1.3.4–6), from what the message carries, as the run's
/// profile says (<see cref="ProfilePolicy"/>: tag fallback, duplicate rule, rounds). When every reply is rejected the
/// production profile asks again (fresh samples) while the step's call allowance and
/// <see cref="GenerationOptions.MaxAttempts"/> allow; the paper profile samples once (optimize.py lines 818-830).
/// Either way an empty result reports the reasons, and the scheduler keeps the current prompt. Reads no store and no files.
/// </summary>
public sealed class CandidateGenerator(IOptimizerModel optimizer, IOptions<GenerationOptions> options, IOptions<MessageLimitsOptions> limits)
{
    public Task<CandidatesGenerated> GenerateAsync(DirectionRetrieved retrieved, CancellationToken cancellationToken) =>
        GenerateAsync(retrieved, new DeliveryTally(), cancellationToken);

    /// <param name="paid">What earlier deliveries of this message paid (<see cref="DeliveryUsage"/>): reported with this one's.</param>
    public async Task<CandidatesGenerated> GenerateAsync(DirectionRetrieved retrieved, DeliveryTally paid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retrieved);
        ArgumentNullException.ThrowIfNull(paid);
        var request = Validate(retrieved);
        var examples = request.FormatExamples.Select(e => new Example(e.Input, e.References)).ToList();
        var trajectory = Trajectory.FromEntries(request.Trajectory.Select(t => new TrajectoryEntry(t.Prompt, t.DevScore, t.Step)));
        var entries = retrieved.Direction.Select(e => new TrajectoryEntry(e.Prompt, e.DevScore, e.Step)).ToList();
        var direction = new UpdateDirection(request.Strategy, entries, trajectory.Current);
        var metaPrompt = MetaPromptBuilder.Build(direction, examples, retrieved.EditBudget, new MetaPromptOptions
        {
            Refinement = request.Refinement, Position = request.Position, ScoreDisplay = request.ScoreDisplay,
        });

        var policy = ProfilePolicy.For(request.Profile);
        var candidateOptions = new CandidateOptions
        {
            EnforceBudget = request.EnforceBudget, TagFallback = policy.TagFallback, Duplicates = policy.Duplicates,
        };
        List<string> rejections = [];
        var usage = ModelUsage.None;
        var attempts = Math.Min(policy.GenerationAttempts(options.Value.MaxAttempts), request.MaxCalls / request.Candidates);
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            // Attempt k asks for (k+1)·n replies: the first k·n are the earlier attempts' replies, replayed from this
            // process's cache at no cost, the last n are fresh samples (their own seeds). Candidate indices stay unique.
            var call = new ModelCall(retrieved.RunId, retrieved.Step, Purpose: "generate") { SamplingSeed = request.Seed };
            // Not cancelled by a stopping host: paid completions finish (spec §6.7's waste avoided).
            var replies = await paid.PayAsync(GenerationReply.Unit, optimizer.GenerateAsync(metaPrompt, request.Candidates * (attempt + 1), call, CancellationToken.None));
            usage = paid.Of(GenerationReply.Unit);
            var screened = CandidateScreen.Screen(replies.Texts, trajectory, retrieved.EditBudget, candidateOptions);
            var (accepted, overlong) = OverlongCandidates.Split(screened.Accepted, c => c.Index, c => c.Prompt, limits.Value.MaxPromptChars);
            rejections = [.. screened.Rejected.Concat(overlong.Select(o => new Rejection(o.Index, o.Reason))).OrderBy(r => r.Index).Select(r => r.ToString())];
            if (accepted.Count > 0)
            {
                return Generated(retrieved, accepted, rejections, usage);
            }
        }

        return Generated(retrieved, [], rejections, usage);
    }

    private GenerationRequest Validate(DirectionRetrieved retrieved)
    {
        var where = $"DirectionRetrieved for run {retrieved.RunId} step {retrieved.Step}";
        var request = GenerationChecks.Request(retrieved, limits.Value, where);
        GenerationChecks.Direction(retrieved, request, limits.Value, where);
        return request;
    }

    private static CandidatesGenerated Generated(DirectionRetrieved retrieved, IReadOnlyList<Candidate> accepted, List<string> rejections, ModelUsage usage) =>
        GenerationReply.Of(retrieved, accepted.Select(c => new CandidatePrompt
        {
            CandidateIndex = c.Index, Prompt = c.Prompt, EditDistance = c.EditDistance, WithinBudget = c.WithinBudget,
        }), rejections, usage);
}
