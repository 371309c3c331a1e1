using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Strategies;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// The run's Method setting (docs/baselines.md): checked against the methods the pipeline can run, then applied to
/// the parsed configuration. A method is its settings: its retrieval, refinement and budget replace the run's.
/// </summary>
public static class MethodSettings
{
    public static PipelineRoute? Route(string? method, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        try
        {
            return PipelineMethods.Route(method);
        }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message.Split(" (Parameter")[0]);
            return null;
        }
    }

    public static RunConfiguration Apply(RunConfiguration configuration, PipelineRoute route)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(route);
        return configuration with
        {
            Method = route.Method,
            Retrieval = configuration.Retrieval with
            {
                Strategy = route.Retrieval ?? configuration.Retrieval.Strategy,
                K = route.DirectionSize ?? configuration.Retrieval.K,
            },
            Refinement = route.Refinement ?? configuration.Refinement,
            EditBudget = route.Budget ?? configuration.EditBudget,
        };
    }
}
