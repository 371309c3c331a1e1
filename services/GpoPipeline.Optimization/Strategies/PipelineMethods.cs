using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// Which <see cref="StrategyCatalog"/> methods a pipeline run can use and how (docs/baselines.md, "Running a method").
/// The GPO ablations and the *-gpo-code baselines are GPO with other settings (the rows below restate the catalog's
/// parts; <c>PipelineMethods_Specs</c> checks both send the same meta-prompt). OPRO and APE are driven by their
/// strategies. Methods that score training minibatches before asking the optimizer (ProTeGi, PE2, the GPO code's APO)
/// need scorer calls from the generation step, which the pipeline does not dispatch yet.
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
    };

    /// <summary>The methods a run accepts, in catalog order.</summary>
    public static IReadOnlyList<string> Runnable => [.. StrategyCatalog.Names.Where(Routes.ContainsKey)];

    /// <exception cref="ArgumentException">Unknown, or known but not runnable in the pipeline yet; one line naming the runnable ones.</exception>
    public static PipelineRoute Route(string? method)
    {
        var name = string.IsNullOrWhiteSpace(method) ? Default : method.Trim();
        if (Routes.TryGetValue(name, out var route))
        {
            return route;
        }

        if (StrategyCatalog.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"Method '{name}' is not yet runnable in the pipeline (it scores training minibatches before asking the optimizer); runnable: {string.Join(", ", Runnable)}.",
                nameof(method));
        }

        throw new ArgumentException($"Method '{name}' is not known; expected one of: {string.Join(", ", Runnable)}.", nameof(method));
    }
}
