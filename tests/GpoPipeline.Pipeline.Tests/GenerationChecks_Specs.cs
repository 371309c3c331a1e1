using System.ComponentModel.DataAnnotations;
using System.Reflection;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.PromptGeneration;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A forged DirectionRetrieved is refused naming the field before the first optimizer call: format examples without
/// references used to throw after the call (a fault that failed the run), and Candidates = 100,000 with MaxCalls =
/// 300,000 made 300,000 paid calls before the scheduler's reply check refused the reply.
/// </summary>
public sealed class GenerationChecks_Specs
{
    [Theory]
    [InlineData("references empty", "needs 1+ References")]
    [InlineData("example missing", "an example is missing")]
    [InlineData("candidates 100000", "Generation.Candidates is 100000")]
    [InlineData("candidates 65", "Generation.Candidates is 65")]
    [InlineData("max calls 300000", "Generation.MaxCalls is 300000")]
    [InlineData("direction longer than the trajectory", "Direction has 3 entries")]
    [InlineData("direction entry missing", "Direction: an entry is missing")]
    [InlineData("score NaN", "dev score")]
    [InlineData("refinement undefined", "Generation.Refinement")]
    [InlineData("edit budget negative", "EditBudget")]
    public async Task When_a_DirectionRetrieved_is_forged_Should_refuse_it_naming_the_field_before_any_optimizer_call(string forgery, string named)
    {
        var optimizer = Optimizer();
        var retrieved = Retrieved();
        var request = retrieved.Generation!;
        retrieved = forgery switch
        {
            "references empty" => retrieved with { Generation = request with { FormatExamples = [request.FormatExamples[0] with { References = [] }] } },
            "example missing" => retrieved with { Generation = request with { FormatExamples = [null!] } },
            "candidates 100000" => retrieved with { Generation = request with { Candidates = 100_000, MaxCalls = 300_000 } },
            "candidates 65" => retrieved with { Generation = request with { Candidates = 65, MaxCalls = 65 } },
            "max calls 300000" => retrieved with { Generation = request with { MaxCalls = 300_000 } },
            "direction longer than the trajectory" => retrieved with { Direction = [.. retrieved.Direction, retrieved.Direction[0]] },
            "direction entry missing" => retrieved with { Direction = [null!] },
            "score NaN" => retrieved with { Direction = [retrieved.Direction[0] with { DevScore = double.NaN }] },
            "refinement undefined" => retrieved with { Generation = request with { Refinement = (Refinement)9 } },
            _ => retrieved with { EditBudget = -1 },
        };

        var refused = await Assert.ThrowsAsync<RejectedMessageException>(() => Generator(optimizer).GenerateAsync(retrieved, CancellationToken.None));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
        Assert.Empty(optimizer.Calls);
    }

    [Fact]
    public async Task When_a_baseline_methods_request_asks_for_too_many_calls_Should_refuse_it_before_any_optimizer_call()
    {
        var optimizer = Optimizer();
        var retrieved = Retrieved();
        var trajectory = retrieved.Generation!.Trajectory;
        var search = new StrategyInput { Method = "opro", TotalSteps = 3, Evaluated = trajectory, Path = trajectory, Beam = trajectory };
        retrieved = retrieved with { Generation = retrieved.Generation with { Candidates = 100_000, MaxCalls = 300_000, Search = search } };
        var generation = new StrategyGeneration(optimizer, Options.Create(new GenerationOptions()), Options.Create(new MessageLimitsOptions()));

        var refused = await Assert.ThrowsAsync<RejectedMessageException>(() => generation.GenerateAsync(retrieved, CancellationToken.None));

        Assert.Contains("Generation.Candidates is 100000", refused.Message, StringComparison.Ordinal);
        Assert.Empty(optimizer.Calls);
    }

    [Fact]
    public async Task When_a_DirectionRetrieved_is_genuine_Should_generate_its_candidates()
    {
        var optimizer = Optimizer();

        var generated = await Generator(optimizer).GenerateAsync(Retrieved(), CancellationToken.None);

        Assert.Single(optimizer.Calls);
        Assert.Equal(2, generated.Candidates.Count);
    }

    [Fact]
    public void When_the_scheduler_changes_what_a_step_may_ask_for_Should_the_workers_limits_follow()
    {
        var attempts = typeof(SchedulerOptions).GetProperty(nameof(SchedulerOptions.GenerationAttempts))!.GetCustomAttribute<RangeAttribute>()!;

        Assert.Equal(RunSettingsParser.MaxCandidates, GenerationLimits.MaxCandidates);
        Assert.Equal(UsageBounds.MaxGenerationCallsPerCandidate, GenerationLimits.MaxCallsPerCandidate);
        Assert.Equal(GenerationLimits.MaxCallsPerCandidate, 2 * (int)attempts.Maximum);
        Assert.Equal(RunSettingsParser.MaxSteps + 1, GenerationLimits.MaxTrajectoryEntries);
    }

    internal static RecordingOptimizer Optimizer() => new((_, i) => $"<START>Think it through, then give answer number {i}.<END>");

    internal static CandidateGenerator Generator(RecordingOptimizer optimizer, MessageLimitsOptions? limits = null) =>
        new(optimizer, Options.Create(new GenerationOptions()), Options.Create(limits ?? new MessageLimitsOptions()));

    internal static DirectionRetrieved Retrieved()
    {
        List<TrajectoryPoint> trajectory =
        [
            new() { Prompt = "Let's think step by step.", DevScore = 0.4, Step = 0 },
            new() { Prompt = "Think step by step, then answer.", DevScore = 0.5, Step = 1 },
        ];
        return new DirectionRetrieved
        {
            RunId = Guid.NewGuid(), Step = 2, EditBudget = 20, WorkToken = Guid.NewGuid(),
            Direction = [.. trajectory.AsEnumerable().Reverse().Select(t => new DirectionEntry { Prompt = t.Prompt, DevScore = t.DevScore, Step = t.Step })],
            Generation = new GenerationRequest
            {
                Strategy = RetrievalStrategy.Relevance, Refinement = Refinement.Generate, Position = PromptPosition.QEnd,
                ScoreDisplay = ScoreDisplay.Percent, EnforceBudget = false, Candidates = 2, Seed = 0, MaxCalls = 6,
                FormatExamples = [new ExampleData { Index = 0, Input = "Which day comes after Monday?", References = ["Tuesday"] }],
                Trajectory = trajectory,
            },
        };
    }
}
