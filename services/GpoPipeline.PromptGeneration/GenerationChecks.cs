using GpoPipeline.Contracts;
using GpoPipeline.ServiceDefaults;

namespace GpoPipeline.PromptGeneration;

/// <summary>
/// What both generation paths read of a DirectionRetrieved, checked before the first optimizer call: the work asked
/// for within <see cref="GenerationLimits"/>, the settings defined, every format example present with 1+ references.
/// A misfit is refused naming the field (<see cref="RejectedMessageException"/>), not thrown on after a paid call.
/// </summary>
internal static class GenerationChecks
{
    public static GenerationRequest Request(DirectionRetrieved retrieved, MessageLimitsOptions limits, string where)
    {
        if (retrieved.Generation is not { } request || request.FormatExamples is null)
        {
            throw new RejectedMessageException($"{where}: needs Generation with its format examples.");
        }

        if (request.Candidates is < 1 or > GenerationLimits.MaxCandidates)
        {
            throw new RejectedMessageException($"{where}: Generation.Candidates is {request.Candidates}; a step asks for 1 to {GenerationLimits.MaxCandidates}.");
        }

        var most = request.Candidates * GenerationLimits.MaxCallsPerCandidate;
        if (request.MaxCalls < request.Candidates || request.MaxCalls > most)
        {
            throw new RejectedMessageException(
                $"{where}: Generation.MaxCalls is {request.MaxCalls}; {request.Candidates} candidates take {request.Candidates} to {most} calls.");
        }

        WorkChecks.Defined(request.Profile, $"{where}: Generation.Profile");
        WorkChecks.Defined(request.Position, $"{where}: Generation.Position");
        if (retrieved.EditBudget is < 0)
        {
            throw new RejectedMessageException($"{where}: EditBudget is {retrieved.EditBudget}; a word budget is never negative.");
        }

        MessageLimitsOptions.Count(request.FormatExamples.Count, limits.MaxExamples, $"{where}: format examples", nameof(MessageLimitsOptions.MaxExamples));
        WorkChecks.Examples(request.FormatExamples, limits, $"{where}: Generation.FormatExamples");
        return request;
    }

    /// <summary>GPO's own path also reads the trajectory, the direction and the meta-prompt's settings.</summary>
    public static void Direction(DirectionRetrieved retrieved, GenerationRequest request, MessageLimitsOptions limits, string where)
    {
        if (request.Trajectory is not { Count: > 0 } trajectory || retrieved.Direction is not { } direction)
        {
            throw new RejectedMessageException($"{where}: needs Direction and a non-empty Generation.Trajectory.");
        }

        MessageLimitsOptions.Count(trajectory.Count, limits.MaxTrajectoryEntries, $"{where}: trajectory entries", nameof(MessageLimitsOptions.MaxTrajectoryEntries));
        WorkChecks.Points(trajectory, limits, $"{where}: Generation.Trajectory");
        // The direction is picked from the trajectory: never longer than it, nor than any run's trajectory.
        var longest = Math.Min(trajectory.Count, GenerationLimits.MaxTrajectoryEntries);
        if (direction.Count > longest)
        {
            throw new RejectedMessageException($"{where}: Direction has {direction.Count} entries; it is picked from a trajectory of {longest}.");
        }

        WorkChecks.Points(direction.Select(d => d is null ? null : new TrajectoryPoint { Prompt = d.Prompt, DevScore = d.DevScore, Step = d.Step }), limits, $"{where}: Direction");
        WorkChecks.Defined(request.Strategy, $"{where}: Generation.Strategy");
        WorkChecks.Defined(request.Refinement, $"{where}: Generation.Refinement");
        WorkChecks.Defined(request.ScoreDisplay, $"{where}: Generation.ScoreDisplay");
    }
}
