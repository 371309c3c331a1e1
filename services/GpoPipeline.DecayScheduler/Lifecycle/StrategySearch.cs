using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Trajectories;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>
/// The search state of a run whose method is driven by its strategy (OPRO, APE; docs/baselines.md). It is not a
/// second document: it is replayed from the run's own scored steps (seed prompt, then each completed step's
/// candidates through <see cref="IOptimizerStrategy.Advance"/>), so it is always what the store holds, a resumed
/// run sees the same state, and only the scheduler reads it (DESIGN §2).
/// </summary>
public static class StrategySearch
{
    public static bool IsStrategyRun(RunRecord run) =>
        run?.Configuration is { } configuration && PipelineMethods.Route(configuration.Method).ByStrategy;

    public static SearchState Replay(RunRecord run, IOptimizerStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(strategy);
        var seed = run.Trajectory.FirstOrDefault(t => t.Step == 0)
            ?? throw new InvalidOperationException($"Run {run.Id} has no scored seed prompt yet.");
        var state = SearchState.Start(seed.Prompt, seed.DevScore);
        foreach (var step in run.Steps.Where(s => s.Kind == StepKind.Optimize && s.Status == StepStatus.Completed).OrderBy(s => s.Step))
        {
            state = strategy.Advance(state, Scored(step), step.Step);
        }

        return state;
    }

    /// <summary>What the generation worker needs besides GPO's inputs: the method and the replayed state.</summary>
    public static StrategyInput Input(RunRecord run, IReadOnlyList<ExampleData> examplePool)
    {
        ArgumentNullException.ThrowIfNull(run);
        var method = run.Configuration!.Method;
        var state = Replay(run, StrategyCatalog.Create(method));
        return new StrategyInput
        {
            Method = method,
            TotalSteps = run.TotalSteps,
            Evaluated = Points(state.Evaluated),
            Path = Points(state.Path.Entries),
            Beam = Points(state.Beam),
            ExamplePool = examplePool,
        };
    }

    /// <summary>
    /// The trajectory entry of a closed step: the step's best candidate (ties: lowest index). What the next step
    /// refines is the replayed state's business; the trajectory records what each step produced, so the run's
    /// best-dev prompt is the best scored prompt, as OPRO and APE report it.
    /// </summary>
    public static TrajectoryRecord Pick(StepRecord step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var best = step.Candidates.OrderByDescending(c => c.DevScore ?? 0).ThenBy(c => c.Index).FirstOrDefault()
            ?? throw new InvalidOperationException($"Step {step.Step} closed without candidates.");
        return new TrajectoryRecord
        {
            Step = step.Step, Prompt = best.Prompt, DevScore = best.DevScore ?? 0,
            CandidateIndex = best.Index, EditBudget = step.EditBudget, EditDistance = best.EditDistance,
        };
    }

    private static List<ScoredCandidate> Scored(StepRecord step) =>
        [.. step.Candidates.Select(c => new ScoredCandidate(c.Index, c.Prompt, c.DevScore ?? 0))];

    private static List<TrajectoryPoint> Points(IEnumerable<TrajectoryEntry> entries) =>
        [.. entries.Select(e => new TrajectoryPoint { Prompt = e.Prompt, DevScore = e.DevScore, Step = e.Step })];
}
