using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Triggers;

/// <summary>What the data trigger did after an append (<see cref="ReoptimizationTriggers"/>).</summary>
/// <param name="Outcome">The run it started, or why it was postponed; as recorded on the task (<see cref="TaskRecord.LastTrigger"/>).</param>
/// <param name="Contended">
/// Postponed only because other requests kept changing the task under every attempt to start the run, not refused by
/// <see cref="Runs.RunSubmission"/>'s gate (a run in progress, the daily budget): a score check may still start.
/// </param>
public sealed record DataTriggerOutcome(TriggerOutcome Outcome, bool Contended);
