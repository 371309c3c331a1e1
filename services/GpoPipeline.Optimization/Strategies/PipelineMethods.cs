using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// Which <see cref="StrategyCatalog"/> methods a pipeline run can use and how (docs/baselines.md, "Running a method").
/// The GPO ablations and the *-gpo-code baselines are GPO with other settings (the rows below restate the catalog's
/// parts; <c>PipelineMethods_Specs</c> checks both send the same meta-prompt). OPRO, APE, ProTeGi, PE2 and the GPO
/// code's APO are driven by their strategies; the last three read errors, so each of their steps first scores the
/// beam on a training minibatch (the scheduler's StepStatus.ScoringMinibatch phase).
/// </summary>
public static class PipelineMethods
{
    public const string Default = "gpo";

    private static readonly EditBudgetOptions NoBudget = new() { Schedule = BudgetSchedule.None };

    private static readonly Dictionary<string, PipelineRoute> Routes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gpo"] = new("gpo", false, null, null, null),
        ["gpo-no-retrieval"] = new("gpo-no-retrieval", false, RetrievalStrategy.None, Refinement.Generate, new EditBudgetOptions()),
        ["gpo-recency"] = new("gpo-recency", false, RetrievalStrategy.Recency, Refinement.Generate, new EditBudgetOptions()),
        ["gpo-importance"] = new("gpo-importance", false, RetrievalStrategy.Importance, Refinement.Generate, new EditBudgetOptions()),
        ["gpo-edit"] = new("gpo-edit", false, RetrievalStrategy.Relevance, Refinement.Edit, new EditBudgetOptions()),
        ["gpo-budget-none"] = new("gpo-budget-none", false, RetrievalStrategy.Relevance, Refinement.Generate, NoBudget),
        ["gpo-budget-fixed"] = new("gpo-budget-fixed", false, RetrievalStrategy.Relevance, Refinement.Generate, new EditBudgetOptions { Schedule = BudgetSchedule.Fixed }),
        ["gpo-budget-linear"] = new("gpo-budget-linear", false, RetrievalStrategy.Relevance, Refinement.Generate, new EditBudgetOptions { Schedule = BudgetSchedule.Linear }),
        ["ape-gpo-code"] = new("ape-gpo-code", false, RetrievalStrategy.None, Refinement.Generate, NoBudget) { DirectionSize = 3 },
        ["opro-gpo-code"] = new("opro-gpo-code", false, RetrievalStrategy.Importance, Refinement.Generate, NoBudget) { DirectionSize = 3 },
        ["pe2-gpo-code"] = new("pe2-gpo-code", false, RetrievalStrategy.Recency, Refinement.Generate,
            new EditBudgetOptions { Schedule = BudgetSchedule.Fixed, Initial = 30, Minimum = 10 }) { DirectionSize = 3 },
        // Driven by their strategies: no GPO retrieval (no embedding call), no word budget.
        ["opro"] = new("opro", true, RetrievalStrategy.None, Refinement.Generate, NoBudget),
        ["ape"] = new("ape", true, RetrievalStrategy.None, Refinement.Generate, NoBudget),
        // Driven by their strategies after the step scored the beam on a training minibatch (StepStatus.ScoringMinibatch):
        // their trajectories are the strategy's own (PE2: the 3 latest selected prompts), no embedding call.
        ["protegi"] = new("protegi", true, RetrievalStrategy.None, Refinement.Edit, NoBudget),
        ["pe2"] = new("pe2", true, RetrievalStrategy.Recency, Refinement.Edit,
            new EditBudgetOptions { Schedule = BudgetSchedule.Fixed, Initial = 30, Minimum = 10 }) { DirectionSize = 3 },
        ["apo-gpo-code"] = new("apo-gpo-code", true, RetrievalStrategy.None, Refinement.Edit, NoBudget),
    };

    /// <summary>The methods a run accepts, in catalog order.</summary>
    public static IReadOnlyList<string> Runnable => [.. StrategyCatalog.Names.Where(Routes.ContainsKey)];

    /// <exception cref="ArgumentException">Unknown; one line naming the runnable ones (every catalog method).</exception>
    public static PipelineRoute Route(string? method)
    {
        var name = string.IsNullOrWhiteSpace(method) ? Default : method.Trim();
        if (Routes.TryGetValue(name, out var route))
        {
            return route;
        }

        throw new ArgumentException($"Method '{name}' is not known; expected one of: {string.Join(", ", Runnable)}.", nameof(method));
    }
}
