using System.Globalization;
using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Strategies.Methods;

/// <summary>
/// ProTeGi / APO (Pryzant et al. 2023, §2.1-2.2): for every beam prompt, textual "gradients"
/// from samples of its minibatch errors, then one edit request per gradient. Templates, error format, the
/// minibatch of 64 and 4 errors per gradient follow LMOps prompt_optimization/optimizers.py and main.py;
/// temperature 0.7 is that code's chatgpt default. The step's candidate slots are shared over the beam so
/// that every method asks for the same number of candidates.
/// </summary>
public sealed class ProTeGiMethod(int minibatchSize = 64, int gradientsPerPrompt = 4, int errorsPerGradient = 4, int reasonsPerGradient = 1)
    : IUpdateMethod
{
    public int MinibatchSize { get; } = minibatchSize;

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["minibatch"] = $"{minibatchSize} training examples per beam prompt",
        ["gradients"] = $"up to {gradientsPerPrompt} per beam prompt, each from {errorsPerGradient} sampled errors, {reasonsPerGradient} reason(s) each",
        ["edits"] = "the step's candidate slots shared over the gradients (steps_per_gradient)",
        ["temperature"] = "0.7",
        ["not reproduced"] = "Monte Carlo synonym expansion, bandit (UCB) selection: candidates are scored on the whole dev split instead",
    };

    public int MaxReflectCalls(int beamSize, int candidatesPerStep) =>
        SlotShare.Split(candidatesPerStep, beamSize).Sum(slots => Math.Min(gradientsPerPrompt, slots));

    // One edit call per gradient reason, each asking for its share of the slots (a reply with extra reasons adds none past the slots).
    public int MaxProposeCalls(int beamSize, int candidatesPerStep) =>
        SlotShare.Split(candidatesPerStep, beamSize).Sum(slots => Math.Min(gradientsPerPrompt * reasonsPerGradient, slots));

    public IReadOnlyList<OptimizerRequest> Reflect(StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directions);
        var slots = SlotShare.Split(context.CandidatesPerStep, directions.Count);
        var requests = new List<OptimizerRequest>();
        for (var b = 0; b < directions.Count; b++)
        {
            var prompt = directions[b].Current.Prompt;
            var errors = context.MinibatchFor(prompt).Where(e => !e.Correct).ToList();
            if (errors.Count == 0 || slots[b] == 0)
            {
                continue; // nothing to learn from: ProTeGi would send an empty error string
            }

            for (var g = 0; g < Math.Min(gradientsPerPrompt, slots[b]); g++)
            {
                var sample = Sample(errors, StepSeed.For(context.Seed, context.Step, (100 * b) + g));
                var errorString = ProTeGiText.ErrorString(sample);
                requests.Add(OptimizerRequest.SingleTurn(RequestPhase.Reflect, prompt, ProTeGiText.Gradient(prompt, errorString, reasonsPerGradient))
                    with { Temperature = 0.7, MaxTokens = 1024, Tag = errorString });
            }
        }

        return requests;
    }

    public IReadOnlyList<OptimizerRequest> Propose(
        StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget, IReadOnlyList<OptimizerReply> reflections)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directions);
        ArgumentNullException.ThrowIfNull(reflections);
        var slots = SlotShare.Split(context.CandidatesPerStep, directions.Count);
        var requests = new List<OptimizerRequest>();
        for (var b = 0; b < directions.Count; b++)
        {
            var prompt = directions[b].Current.Prompt;
            var gradients = reflections.Where(r => r.Request.Parent == prompt)
                .SelectMany(r => TaggedText.All(r.Text).Where(g => g.Length > 0).Select(g => (Feedback: g, Errors: r.Request.Tag)))
                .ToList();
            var shares = SlotShare.Split(slots[b], gradients.Count);
            for (var g = 0; g < gradients.Count; g++)
            {
                if (shares[g] > 0)
                {
                    requests.Add(OptimizerRequest.SingleTurn(RequestPhase.Propose, prompt,
                        ProTeGiText.Edit(prompt, gradients[g].Errors, gradients[g].Feedback, shares[g]))
                        with { Temperature = 0.7, MaxTokens = 1024, Tag = shares[g].ToString(CultureInfo.InvariantCulture) });
                }
            }
        }

        return requests;
    }

    public IReadOnlyList<string> Parse(OptimizerReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        // An edit reply may hold more prompts than asked for; keep the number asked, so budgets stay equal.
        var asked = int.TryParse(reply.Request.Tag, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
        return TaggedText.All(reply.Text).Select(CandidateExtractor.Clean).Where(p => p.Length > 0).Take(asked).ToList();
    }

    // random.sample(error_idxs, min(len, n)): a seeded partial shuffle, kept in minibatch order for reading.
    private List<MinibatchExample> Sample(List<MinibatchExample> errors, long seed)
    {
        var order = Enumerable.Range(0, errors.Count).ToArray();
        var random = new SeededRandom(seed);
        var take = Math.Min(errorsPerGradient, order.Length);
        for (var i = 0; i < take; i++)
        {
            var j = i + random.Next(order.Length - i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order[..take].Select(i => errors[i]).ToList();
    }
}
