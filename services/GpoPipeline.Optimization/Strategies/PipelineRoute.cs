using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// How a catalog method runs in the pipeline. A method built from GPO's own templates runs on GPO's path with its
/// settings replaced (<see cref="Retrieval"/>, <see cref="Refinement"/>, <see cref="Budget"/>; null keeps the run's
/// own), so the retrieval worker and its embeddings serve it. Any other method is driven by its strategy in the
/// generation worker (<see cref="ByStrategy"/>).
/// </summary>
public sealed record PipelineRoute(string Method, bool ByStrategy, RetrievalStrategy? Retrieval, Refinement? Refinement, EditBudgetOptions? Budget)
{
    /// <summary>The method's own trajectory size where it fixes one (k = 3 for the *-gpo-code scripts); null keeps the run's.</summary>
    public int? DirectionSize { get; init; }
}
