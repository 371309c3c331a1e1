using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Strategies.Directions;
using GpoPipeline.Optimization.Strategies.Methods;
using GpoPipeline.Optimization.Strategies.Search;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// The optimizers a comparison can run, by name: GPO, its ablations (spec §6.3-6.4, Tables 2-3 of the paper)
/// and the baselines of Table 5. Each is a <see cref="ComposedStrategy"/>; docs/baselines.md lists them.
/// </summary>
public static class StrategyCatalog
{
    public const string GpoPaper = "Tang et al. 2025, GPO (arXiv 2402.17564), spec §1-§4";

    private static readonly Dictionary<string, Func<IOptimizerStrategy>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gpo"] = () => Gpo("gpo", new DirectionOptions(), Refinement.Generate, BudgetSchedule.Cosine),
        ["gpo-no-retrieval"] = () => Gpo("gpo-no-retrieval", new DirectionOptions { Strategy = RetrievalStrategy.None }, Refinement.Generate, BudgetSchedule.Cosine),
        ["gpo-recency"] = () => Gpo("gpo-recency", new DirectionOptions { Strategy = RetrievalStrategy.Recency }, Refinement.Generate, BudgetSchedule.Cosine),
        ["gpo-importance"] = () => Gpo("gpo-importance", new DirectionOptions { Strategy = RetrievalStrategy.Importance }, Refinement.Generate, BudgetSchedule.Cosine),
        ["gpo-edit"] = () => Gpo("gpo-edit", new DirectionOptions(), Refinement.Edit, BudgetSchedule.Cosine),
        ["gpo-budget-none"] = () => Gpo("gpo-budget-none", new DirectionOptions(), Refinement.Generate, BudgetSchedule.None),
        ["gpo-budget-fixed"] = () => Gpo("gpo-budget-fixed", new DirectionOptions(), Refinement.Generate, BudgetSchedule.Fixed),
        ["gpo-budget-linear"] = () => Gpo("gpo-budget-linear", new DirectionOptions(), Refinement.Generate, BudgetSchedule.Linear),
        ["opro"] = () => new ComposedStrategy("opro", "Yang et al. 2024, Large Language Models as Optimizers (OPRO), §2 and §5.1",
            new TopScoredHistory(20), new OproMethod(), None, new BestSoFarSelection()),
        ["ape"] = () => new ComposedStrategy("ape", "Zhou et al. 2023, Large Language Models Are Human-Level Prompt Engineers (APE), §3.3",
            new CurrentPromptOnly(), new ApeMethod(), None, new BestSoFarSelection()),
        ["protegi"] = () => new ComposedStrategy("protegi", "Pryzant et al. 2023, Automatic Prompt Optimization with \"Gradient Descent\" and Beam Search (ProTeGi/APO), §2",
            new CurrentPromptOnly(), new ProTeGiMethod(), None, new BeamSelection(4)),
        ["pe2"] = () => new ComposedStrategy("pe2", "Ye et al. 2024, Prompt Engineering a Prompt Engineer (PE2), §3 and Appendix F.4",
            new TrajectoryRetrieval(new DirectionOptions { Strategy = RetrievalStrategy.Recency }), new Pe2Method(),
            new EditBudgetOptions { Schedule = BudgetSchedule.Fixed, Initial = 30 }, new GreedySelection()),
    };

    // The baselines as the GPO authors configured them in their own code (txy77/GPO first commit 51298a7,
    // scripts/{APE,APO,OPRO,PE2}.sh lines 15-26; spec §7): GPO's templates, greedy top-1, 8 samples.
    // These are the configurations behind the paper's Table 5 numbers.
    private static readonly Dictionary<string, Func<IOptimizerStrategy>> AsRunByGpo = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ape-gpo-code"] = () => AsRun("ape-gpo-code", RetrievalStrategy.None, new GpoMethod(new MetaPromptOptions()), None),
        ["apo-gpo-code"] = () => AsRun("apo-gpo-code", RetrievalStrategy.None, new GpoFeedbackMethod(), None),
        ["opro-gpo-code"] = () => AsRun("opro-gpo-code", RetrievalStrategy.Importance, new GpoMethod(new MetaPromptOptions()), None),
        // PE2.sh computes a feedback gradient but its generate_without template never shows it (spec §7): not sent.
        ["pe2-gpo-code"] = () => AsRun("pe2-gpo-code", RetrievalStrategy.Recency, new GpoMethod(new MetaPromptOptions()),
            new EditBudgetOptions { Schedule = BudgetSchedule.Fixed, Initial = 30 }),
    };

    public static IReadOnlyList<string> Names => [.. Factories.Keys, .. AsRunByGpo.Keys];

    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static IOptimizerStrategy Create(string? name) =>
        name is not null && (Factories.TryGetValue(name.Trim(), out var create) || AsRunByGpo.TryGetValue(name.Trim(), out create))
            ? create()
            : throw new ArgumentException($"Optimizer method '{name}' is not known; expected one of: {string.Join(", ", Names)}.", nameof(name));

    private static EditBudgetOptions None => new() { Schedule = BudgetSchedule.None };

    private static ComposedStrategy AsRun(string name, RetrievalStrategy trajectory, IUpdateMethod method, EditBudgetOptions budget) =>
        new(name, "Tang et al. 2025 (GPO), baseline as configured in txy77/GPO scripts at 51298a7, spec §7",
            new TrajectoryRetrieval(new DirectionOptions { Strategy = trajectory }), method, budget, new GreedySelection());

    private static ComposedStrategy Gpo(string name, DirectionOptions direction, Refinement refinement, BudgetSchedule schedule) =>
        new(name, GpoPaper, new TrajectoryRetrieval(direction), new GpoMethod(new MetaPromptOptions { Refinement = refinement }),
            new EditBudgetOptions { Schedule = schedule }, new GreedySelection());
}
