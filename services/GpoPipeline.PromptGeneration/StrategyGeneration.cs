using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Trajectories;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GpoPipeline.PromptGeneration;

/// <summary>
/// The generation step of a baseline method (docs/baselines.md "the step protocol"): the catalog strategy builds the
/// optimizer requests from the search state the message carries (and, for ProTeGi, PE2 and the GPO code's APO, the
/// beam's answers on the step's training minibatch), first its reflections (gradients, reasoning), then its
/// proposals given their replies, and reads the candidates. Each request is sent as the strategy wrote it: its turns,
/// samples, temperature and output tokens. Stateless like <see cref="CandidateGenerator"/>: no store, no files. When
/// no reply yields a new prompt it samples the proposals again within the step's call allowance, as the GPO path
/// does, and as often as the run's profile allows (the paper profile samples once).
/// </summary>
public sealed class StrategyGeneration(IOptimizerModel optimizer, IOptions<GenerationOptions> options, IOptions<MessageLimitsOptions> limits)
{
    /// <summary>Candidate indices reserved per request of a step: request j's completions are j·Stride + i (call seeds and caching).</summary>
    private const int Stride = 1024;

    public Task<CandidatesGenerated> GenerateAsync(DirectionRetrieved retrieved, CancellationToken cancellationToken) =>
        GenerateAsync(retrieved, new DeliveryTally(), cancellationToken);

    /// <param name="paid">What earlier deliveries of this message paid (<see cref="DeliveryUsage"/>): reported with this one's.</param>
    public async Task<CandidatesGenerated> GenerateAsync(DirectionRetrieved retrieved, DeliveryTally paid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retrieved);
        ArgumentNullException.ThrowIfNull(paid);
        var (request, input, strategy) = Validate(retrieved);
        var context = new StepContext
        {
            State = new SearchState(Entries(input.Evaluated), Trajectory.FromEntries(Entries(input.Path)), Entries(input.Beam)),
            Step = retrieved.Step,
            TotalSteps = input.TotalSteps,
            FormatExamples = [.. request.FormatExamples.Select(e => new Example(e.Input, e.References))],
            ExamplePool = [.. input.ExamplePool.Select(e => new Example(e.Input, e.References))],
            Position = request.Position,
            Seed = request.Seed,
            CandidatesPerStep = request.Candidates,
            Minibatch = input.Minibatch.ToDictionary(
                m => m.Prompt,
                m => (IReadOnlyList<MinibatchExample>)[.. m.Answers.Select(a => new MinibatchExample(a.Input, a.Output, a.Label, a.Correct))],
                StringComparer.Ordinal),
        };

        var usage = ModelUsage.None;
        var left = request.MaxCalls;
        var next = 0;
        var reflections = new List<OptimizerReply>();
        foreach (var reflection in strategy.Reflect(context))
        {
            if (reflection.Samples > left)
            {
                return Generated(retrieved, [], [$"the call allowance ({request.MaxCalls}) is spent before the reflections ({input.Method})"], usage);
            }

            var replies = await paid.PayAsync(GenerationReply.Unit, AskAsync(retrieved, request, reflection, reflection.Samples, next++ * Stride, "reflect"));
            usage = paid.Of(GenerationReply.Unit);
            left -= reflection.Samples;
            reflections.AddRange(replies.Texts.Select(text => new OptimizerReply(reflection, text)));
        }

        var proposals = strategy.Propose(context, reflections);
        var perRound = proposals.Sum(p => p.Samples);
        if (perRound == 0)
        {
            return Generated(retrieved, [], [$"the method asked for no candidates: no reflection gave it anything to work from ({input.Method})"], usage);
        }

        List<string> rejections = [];
        var attempts = Math.Min(ProfilePolicy.For(request.Profile).GenerationAttempts(options.Value.MaxAttempts), left / perRound);
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            // As on the GPO path: attempt k replays the earlier k·n replies from the cache and pays only n fresh ones.
            var replies = new List<OptimizerReply>();
            for (var j = 0; j < proposals.Count; j++)
            {
                var completions = await paid.PayAsync(
                    GenerationReply.Unit, AskAsync(retrieved, request, proposals[j], proposals[j].Samples * (attempt + 1), (next + j) * Stride, "generate"));
                usage = paid.Of(GenerationReply.Unit);
                replies.AddRange(completions.Texts.Select(text => new OptimizerReply(proposals[j], text)));
            }

            var (candidates, overlong) = OverlongCandidates.Split(strategy.Candidates(context, replies), c => c.Index, c => c.Prompt, limits.Value.MaxPromptChars);
            List<string> dropped = [.. overlong.Select(o => $"candidate {o.Index}: {o.Reason}")];
            if (candidates.Count > 0)
            {
                return Generated(retrieved, candidates, dropped, usage);
            }

            rejections = [$"attempt {attempt + 1}: none of {replies.Count} replies held a new prompt the method accepts ({input.Method})", .. dropped];
        }

        return Generated(retrieved, [], rejections, usage);
    }

    // Not cancelled by a stopping host: paid completions finish (spec §6.7's waste avoided).
    private Task<CandidateCompletions> AskAsync(DirectionRetrieved retrieved, GenerationRequest request, OptimizerRequest ask, int count, int first, string purpose)
    {
        var call = new ModelCall(retrieved.RunId, retrieved.Step, first, purpose)
        {
            SamplingSeed = request.Seed, Temperature = ask.Temperature, MaxOutputTokens = ask.MaxTokens,
        };
        IReadOnlyList<ChatMessage> turns = [.. ask.Turns.Select(t => new ChatMessage(new ChatRole(t.Role), t.Text))];
        return optimizer.GenerateAsync(turns, count, call, CancellationToken.None);
    }

    private (GenerationRequest Request, StrategyInput Input, IOptimizerStrategy Strategy) Validate(DirectionRetrieved retrieved)
    {
        var where = $"DirectionRetrieved for run {retrieved.RunId} step {retrieved.Step}";
        var request = GenerationChecks.Request(retrieved, limits.Value, where);
        if (request.Search is not { } input
            || input.Evaluated is not { Count: > 0 } || input.Beam is not { Count: > 0 } || input.Path is not { Count: > 0 } || input.ExamplePool is null)
        {
            throw new RejectedMessageException($"{where}: a baseline method needs Generation.Search with scored prompts, a beam and a path.");
        }

        PipelineRoute route;
        try
        {
            route = PipelineMethods.Route(input.Method);
        }
        catch (ArgumentException ex)
        {
            throw new RejectedMessageException($"{where}: {ex.Message.Split(" (Parameter")[0]}", ex);
        }

        if (!route.ByStrategy || input.TotalSteps < retrieved.Step || retrieved.Step < 1)
        {
            throw new RejectedMessageException($"{where}: method '{input.Method}' at step {retrieved.Step} of {input.TotalSteps} is not a strategy-driven step.");
        }

        var beam = input.Beam.Select(b => b?.Prompt).ToHashSet(StringComparer.Ordinal);
        if (input.Minibatch is null || input.Minibatch.Any(m => m?.Answers is null || m.Prompt is null || !beam.Contains(m.Prompt)))
        {
            throw new RejectedMessageException($"{where}: every minibatch entry needs answers and a prompt of the beam.");
        }

        var limit = limits.Value;
        var prompts = input.Evaluated.Concat(input.Path).Concat(input.Beam).ToList();
        MessageLimitsOptions.Count(prompts.Count, 3 * limit.MaxTrajectoryEntries, $"{where}: search state entries", nameof(MessageLimitsOptions.MaxTrajectoryEntries));
        MessageLimitsOptions.Count(request.FormatExamples.Count + input.ExamplePool.Count, limit.MaxExamples, $"{where}: examples", nameof(MessageLimitsOptions.MaxExamples));
        WorkChecks.Points(prompts, limit, $"{where}: Generation.Search");
        WorkChecks.Examples(input.ExamplePool, limit, $"{where}: Generation.Search.ExamplePool");

        var answers = input.Minibatch.SelectMany(m => m.Answers).ToList();
        MessageLimitsOptions.Count(answers.Count, limit.MaxExamples, $"{where}: minibatch answers", nameof(MessageLimitsOptions.MaxExamples));
        foreach (var answer in answers)
        {
            limit.Example(answer?.Input, $"{where}: a minibatch example");
            limit.Example(answer?.Output, $"{where}: a minibatch answer");
        }

        return (request, input, StrategyCatalog.Create(route.Method));
    }

    private static List<TrajectoryEntry> Entries(IReadOnlyList<TrajectoryPoint> points) =>
        [.. points.Select(p => new TrajectoryEntry(p.Prompt, p.DevScore, p.Step))];

    private static CandidatesGenerated Generated(DirectionRetrieved retrieved, IReadOnlyList<StrategyCandidate> candidates, List<string> rejections, ModelUsage usage) =>
        GenerationReply.Of(retrieved, candidates.Select(c => new CandidatePrompt
        {
            CandidateIndex = c.Index, Prompt = c.Prompt, EditDistance = c.EditDistance, WithinBudget = c.WithinBudget,
        }), rejections, usage);
}
