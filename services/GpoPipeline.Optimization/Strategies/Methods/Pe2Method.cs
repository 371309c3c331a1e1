using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Direction;

namespace GpoPipeline.Optimization.Strategies.Methods;

/// <summary>
/// PE2 (Ye et al. 2024, §3 and Appendix F.4): step 1 asks the optimizer to reason over a batch of examples
/// (failures first: "hard negative sampling") at temperature 0; step 2 continues the same conversation and
/// asks for the refined prompt at temperature 0.7, max 300 tokens, with the word limit from the budget
/// schedule (the GPO framework's PE2: fixed 30 words, spec §7). The reply is the prompt itself.
/// </summary>
public sealed class Pe2Method(int minibatchSize = 8, int examplesShown = 4) : IUpdateMethod
{
    public int MinibatchSize { get; } = minibatchSize;

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["minibatch"] = $"{minibatchSize} training examples (the GPO framework's batch of 8, spec §7)",
        ["examples shown"] = $"up to {examplesShown}, failures first",
        ["temperature"] = "0 for the reasoning, 0.7 for the new prompt",
        ["not reproduced"] = "the LLM-written history summaries (a third call); the recent prompts and scores are shown instead",
    };

    public int MaxReflectCalls(int beamSize, int candidatesPerStep) => Math.Min(1, beamSize);

    public IReadOnlyList<OptimizerRequest> Reflect(StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directions);
        return directions.Take(1).Select(d => Examination(context, d.Current.Prompt)).Where(r => r is not null)
            .Select(r => r!).ToList();
    }

    public IReadOnlyList<OptimizerRequest> Propose(
        StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget, IReadOnlyList<OptimizerReply> reflections)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directions);
        ArgumentNullException.ThrowIfNull(reflections);
        var requests = new List<OptimizerRequest>();
        foreach (var direction in directions.Take(1))
        {
            var prompt = direction.Current.Prompt;
            if (reflections.FirstOrDefault(r => r.Request.Parent == prompt && !string.IsNullOrWhiteSpace(r.Text)) is not { } reasoning)
            {
                continue; // no step-1 reasoning to build on
            }

            var history = direction.Entries.Where(e => !ReferenceEquals(e, direction.Current)).OrderBy(e => e.Step).ToList();
            requests.Add(reasoning.Request with
            {
                Phase = RequestPhase.Propose,
                Turns = [.. reasoning.Request.Turns, ChatTurn.Assistant(reasoning.Text!.Trim()), ChatTurn.User(Pe2Text.Refinement(prompt, history, editBudget))],
                Samples = context.CandidatesPerStep,
                Temperature = 0.7,
                MaxTokens = 300,
            });
        }

        return requests;
    }

    public IReadOnlyList<string> Parse(OptimizerReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var prompt = CandidateExtractor.Clean(reply.Text ?? string.Empty);
        return prompt.Length == 0 ? [] : [prompt];
    }

    private OptimizerRequest? Examination(StepContext context, string prompt)
    {
        var batch = context.MinibatchFor(prompt);
        var shown = batch.Where(e => !e.Correct).Concat(batch.Where(e => e.Correct)).Take(examplesShown).ToList();
        if (shown.Count == 0)
        {
            return null; // the worker scored no examples: nothing to reason over
        }

        return new OptimizerRequest
        {
            Phase = RequestPhase.Reflect,
            Parent = prompt,
            Turns =
            [
                ChatTurn.System(Pe2Text.System),
                ChatTurn.User(Pe2Text.TaskDescription(shown.Count)),
                ChatTurn.Assistant(Pe2Text.Acknowledgement),
                ChatTurn.User(Pe2Text.Examination(prompt, context.Position, shown)),
            ],
            Temperature = 0,
            MaxTokens = 1024,
        };
    }
}
