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
/// run sees the same state, and only the scheduler reads it (DESIGN §2). A method that reads errors (ProTeGi, PE2,
/// the GPO code's APO: <see cref="IOptimizerStrategy.MinibatchSize"/> &gt; 0) has each step score the replayed beam
/// on a training minibatch first (<see cref="StepStatus.ScoringMinibatch"/>); its answers travel with the request.
/// </summary>
public static class StrategySearch
{
    public static bool IsStrategyRun(RunRecord run) =>
        run?.Configuration is { } configuration && PipelineMethods.Route(configuration.Method).ByStrategy;

    /// <summary>The run's method as its catalog strategy, or null for GPO's own path.</summary>
    public static IOptimizerStrategy? Strategy(RunRecord run) =>
        IsStrategyRun(run) ? StrategyCatalog.Create(run.Configuration!.Method) : null;

    /// <summary>
    /// Opens <paramref name="step"/>'s training-minibatch phase when the method reads errors and the run has train
    /// examples: the replayed beam becomes the step's probes, scored on <see cref="MinibatchPicker"/>'s seeded draw
    /// (ProTeGi main.py: a random minibatch of 64 per expansion). Returns false when the step goes straight to generation.
    /// </summary>
    public static bool DrawMinibatch(RunRecord run, StepRecord step, Guid workToken, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        if (Strategy(run) is not { MinibatchSize: > 0 } strategy || run.TrainCount == 0)
        {
            return false;
        }

        var beam = Replay(run, strategy).Beam;
        step.Probes = [.. beam.Select((e, i) => new CandidateRecord { Index = i, Prompt = e.Prompt, WithinBudget = true })];
        step.MinibatchExamples = [.. MinibatchPicker.Pick(run.TrainCount, strategy.MinibatchSize, run.Configuration!.Seed, step.Step)];
        step.Status = StepStatus.ScoringMinibatch;
        step.WorkToken = workToken;
        step.ScoringStartedAt = now;
        return true;
    }

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
    /// <param name="minibatch">The beam's answers on the step's training minibatch (<see cref="MinibatchAnswers"/>); empty when none.</param>
    public static StrategyInput Input(RunRecord run, IReadOnlyList<ExampleData> examplePool, IReadOnlyList<MinibatchResults>? minibatch = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var method = run.Configuration!.Method;
        var state = Replay(run, StrategyCatalog.Create(method));
        return new StrategyInput
        {
            Minibatch = minibatch ?? [],
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
