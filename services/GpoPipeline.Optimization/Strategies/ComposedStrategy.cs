using System.Globalization;
using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Strategies.Search;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// An optimizer as GPO's paper decomposes one (spec §1): an update direction × an update method × a budget
/// schedule, plus the search rule that picks what the next step refines. Every baseline and ablation is one
/// combination (see <see cref="StrategyCatalog"/>).
/// </summary>
public sealed class ComposedStrategy(
    string name, string paper, IDirectionSource direction, IUpdateMethod method, EditBudgetOptions budget, ISearchSelection selection)
    : IOptimizerStrategy
{
    public StrategyInfo Info { get; } = new(name, paper, Describe(direction, method, budget, selection));

    public int MinibatchSize => method.MinibatchSize;

    public int MaxCallsPerStep(int beamSize, int candidatesPerStep) =>
        method.MaxReflectCalls(beamSize, candidatesPerStep) + method.MaxProposeCalls(beamSize, candidatesPerStep);

    public int BeamWidth => selection is BeamSelection beam ? beam.Width : 1;

    public int? EditBudget(StepContext context)
    {
        Validate(context);
        return Budget.EditBudget.For(budget, context.State.Path.Count, context.TotalSteps);
    }

    public IReadOnlyList<OptimizerRequest> Reflect(StepContext context) =>
        method.Reflect(context, Directions(context), EditBudget(context));

    public IReadOnlyList<OptimizerRequest> Propose(StepContext context, IReadOnlyList<OptimizerReply> reflections) =>
        method.Propose(context, Directions(context), EditBudget(context), reflections ?? []);

    public IReadOnlyList<StrategyCandidate> Candidates(StepContext context, IReadOnlyList<OptimizerReply> proposals)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(proposals);
        var budget = EditBudget(context);
        // GPO's framework (GreedySelection: the GPO variants, the *-gpo-code baselines and pe2) keeps a reply that repeats a
        // prompt scored at an earlier step: official optimize.py 854-866 puts it in the step's pool with its cached score,
        // selectable unless it was selected before (962). GreedySelection.Advance applies the cached score. The other
        // methods drop such repeats (OPRO's opt_utils.py: "do not evaluate old instructions again").
        var seen = selection is GreedySelection
            ? new HashSet<string>(StringComparer.Ordinal)
            : context.State.Evaluated.Select(e => PromptKey.Of(e.Prompt)).ToHashSet(StringComparer.Ordinal);
        // At most CandidatesPerStep: every method gets the same number of dev scorings per step.
        return proposals
            .SelectMany(reply => method.Parse(reply).Select(prompt => (Prompt: prompt, reply.Request.Parent)))
            .Where(c => seen.Add(PromptKey.Of(c.Prompt)))
            .Take(context.CandidatesPerStep)
            .Select((c, i) =>
            {
                var distance = WordEditDistance.Between(c.Parent, c.Prompt);
                return new StrategyCandidate(i, c.Prompt, c.Parent, distance, budget is not { } words || distance <= words);
            })
            .ToList();
    }

    public SearchState Advance(SearchState state, IReadOnlyList<ScoredCandidate> scored, int step) =>
        selection.Advance(state, scored, step);

    // A context is built from stored state and settings; a bad one is named here rather than failing deep inside a method.
    private static void Validate(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context switch
        {
            { Step: < 1 } => $"Step must be at least 1 (got {context.Step}).",
            { TotalSteps: < 1 } => $"TotalSteps must be at least 1 (got {context.TotalSteps}).",
            { CandidatesPerStep: < 1 } => $"CandidatesPerStep must be at least 1 (got {context.CandidatesPerStep}).",
            { State.Beam.Count: 0 } => "State.Beam is empty: start the search with SearchState.Start.",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid step context: {problem}", nameof(context));
        }
    }

    private List<Direction.UpdateDirection> Directions(StepContext context)
    {
        Validate(context);
        return context.State.Beam.Select(current => direction.For(context, current)).ToList();
    }

    private static Dictionary<string, string> Describe(
        IDirectionSource direction, IUpdateMethod method, EditBudgetOptions budget, ISearchSelection selection)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["direction"] = direction.Describe(),
            ["budget"] = budget.Schedule switch
            {
                BudgetSchedule.None => "none",
                BudgetSchedule.Fixed => string.Create(CultureInfo.InvariantCulture, $"fixed, {budget.Initial} words"),
                _ => string.Create(CultureInfo.InvariantCulture,
                    $"{budget.Schedule.ToString().ToLowerInvariant()}, {budget.Initial} → {budget.Minimum} words, warm-up {budget.WarmupSteps}"),
            },
            ["selection"] = selection.Describe(),
        };
        foreach (var (key, value) in method.Parameters)
        {
            parameters[key] = value;
        }

        return parameters;
    }
}
