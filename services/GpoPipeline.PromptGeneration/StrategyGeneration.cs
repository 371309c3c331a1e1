using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Trajectories;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace GpoPipeline.PromptGeneration;

/// <summary>
/// The generation step of a baseline method (OPRO, APE; docs/baselines.md "the step protocol"): the catalog strategy
/// builds the optimizer requests from the search state the message carries and reads the replies. Stateless like
/// <see cref="CandidateGenerator"/>: no store, no files. When no reply yields a new prompt it asks again for fresh
/// samples within the step's call allowance, as the GPO path does.
/// </summary>
public sealed class StrategyGeneration(IOptimizerModel optimizer, IOptions<GenerationOptions> options, IOptions<MessageLimitsOptions> limits)
{
    public async Task<CandidatesGenerated> GenerateAsync(DirectionRetrieved retrieved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retrieved);
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
        };

        var proposals = strategy.Propose(context, []);
        var where = $"run {retrieved.RunId} step {retrieved.Step} ({input.Method})";
        if (proposals is not [{ Turns.Count: 1 } proposal])
        {
            throw new RejectedMessageException($"{where}: the pipeline sends one single-turn request per step; this method asked for {proposals.Count}.");
        }

        var usage = ModelUsage.None;
        List<string> rejections = [];
        var attempts = Math.Min(options.Value.MaxAttempts, request.MaxCalls / proposal.Samples);
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            // As on the GPO path: attempt k replays the earlier k·n replies from the cache and pays only n fresh ones.
            var call = new ModelCall(retrieved.RunId, retrieved.Step, Purpose: "generate") { SamplingSeed = request.Seed };
            var replies = await optimizer.GenerateAsync(proposal.MetaPrompt, proposal.Samples * (attempt + 1), call, CancellationToken.None);
            usage = usage.Add(GenerationReply.Paid(replies));
            var candidates = strategy.Candidates(context, [.. replies.Texts.Select(text => new OptimizerReply(proposal, text))]);
            if (candidates.Count > 0)
            {
                return Generated(retrieved, candidates, [], usage);
            }

            rejections = [$"attempt {attempt + 1}: none of {replies.Completions.Count} replies held a new prompt the method accepts ({input.Method})"];
        }

        return Generated(retrieved, [], rejections, usage);
    }

    private (GenerationRequest Request, StrategyInput Input, IOptimizerStrategy Strategy) Validate(DirectionRetrieved retrieved)
    {
        var where = $"DirectionRetrieved for run {retrieved.RunId} step {retrieved.Step}";
        if (retrieved.Generation is not { Search: { } input } request || request.FormatExamples is null || request.Candidates < 1
            || input.Evaluated is not { Count: > 0 } || input.Beam is not { Count: > 0 } || input.Path is not { Count: > 0 } || input.ExamplePool is null)
        {
            throw new RejectedMessageException($"{where}: a baseline method needs Generation.Search with scored prompts, a beam and a path, and at least one candidate.");
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

        if (request.MaxCalls < request.Candidates)
        {
            throw new RejectedMessageException($"{where}: the call allowance ({request.MaxCalls}) is below one round of {request.Candidates} candidates.");
        }

        var limit = limits.Value;
        var prompts = input.Evaluated.Concat(input.Path).Concat(input.Beam).ToList();
        MessageLimitsOptions.Count(prompts.Count, 3 * limit.MaxTrajectoryEntries, $"{where}: search state entries", nameof(MessageLimitsOptions.MaxTrajectoryEntries));
        MessageLimitsOptions.Count(request.FormatExamples.Count + input.ExamplePool.Count, limit.MaxExamples, $"{where}: examples", nameof(MessageLimitsOptions.MaxExamples));
        foreach (var point in prompts)
        {
            limit.Prompt(point?.Prompt, $"{where}: a search state prompt");
        }

        foreach (var example in request.FormatExamples.Concat(input.ExamplePool))
        {
            limit.Example(example?.Input, $"{where}: an example");
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
