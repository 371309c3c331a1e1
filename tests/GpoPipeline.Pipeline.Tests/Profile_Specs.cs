using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>Issue 15: the run's profile is parsed once, stored with the run, and steers the scheduler's decisions.</summary>
public sealed class Profile_Specs
{
    [Fact]
    public void When_the_settings_name_an_unknown_profile_Should_refuse_them_in_one_line_listing_the_known_names()
    {
        var error = Assert.Throws<RunConfigurationException>(() => RunSettingsParser.Parse(LifecycleRuns.Settings with { Profile = "faithful" }, 20_000));

        Assert.Equal("Invalid run settings: Profile 'faithful' is not valid; expected one of: production, paper.", error.Message);
    }

    [Theory]
    [InlineData(null, RunProfile.Production, ScoreDisplay.Percent)]
    [InlineData("production", RunProfile.Production, ScoreDisplay.Percent)]
    [InlineData("Paper", RunProfile.Paper, ScoreDisplay.Raw)]
    public void When_settings_are_parsed_Should_carry_the_profile_and_its_score_display(string? profile, RunProfile expected, ScoreDisplay scores)
    {
        var configuration = RunSettingsParser.Parse(LifecycleRuns.Settings with { Profile = profile }, 20_000);

        Assert.Equal(expected, configuration.Profile);
        Assert.Equal(scores, configuration.ScoreDisplay);
        Assert.Equal(expected, GenerationRequests.For(configuration, [], [], 8).Profile);
    }

    [Fact]
    public void When_a_paper_run_asks_for_percent_scores_explicitly_Should_show_percent()
    {
        var configuration = RunSettingsParser.Parse(LifecycleRuns.Settings with { Profile = "paper", ScoresAsPercent = true }, 20_000);

        Assert.Equal(ScoreDisplay.Percent, configuration.ScoreDisplay);
    }

    [Fact]
    public void When_a_paper_run_finishes_its_steps_Should_score_the_seed_and_every_selected_prompt_on_test()
    {
        var run = RunThroughSteps("paper");

        var test = run.Steps[^1];
        Assert.Equal(StepKind.Test, test.Kind);
        Assert.Equal(run.Trajectory.Select(t => t.Prompt), test.Candidates.Select(c => c.Prompt));
        Assert.Equal([0, 1, 2], test.Candidates.Select(c => c.Index));

        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run, 0.6), LifecycleRuns.Now, Guid.NewGuid());

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal([0.60, 0.61, 0.62], run.Trajectory.Select(t => Math.Round(t.TestScore!.Value, 10)));
        Assert.Equal(0.60, run.InitialTestScore!.Value, 10);
    }

    [Fact]
    public void When_a_production_run_finishes_its_steps_Should_score_only_the_seed_and_the_best_dev_prompt_on_test()
    {
        var run = RunThroughSteps(profile: null);

        Assert.Equal([run.Trajectory[0].Prompt, run.BestPrompt], run.Steps[^1].Candidates.Select(c => c.Prompt));
    }

    [Fact]
    public async Task When_a_run_stored_before_profiles_is_read_Should_be_production()
    {
        using var file = new TempFile();
        var (run, _) = LifecycleRuns.Create();
        using (var store = new Trajectories.Embedded.LiteDbRunStore(file.Path))
        {
            Assert.True(await store.TryCreateRunAsync(run));
        }

        // Remove the field as an older version wrote the document.
        using (var db = new LiteDB.LiteDatabase($"Filename={file.Path};Connection=direct"))
        {
            var runs = db.GetCollection("runs");
            var doc = runs.FindById(run.Id);
            doc["Configuration"].AsDocument.Remove("Profile");
            runs.Update(doc);
        }

        using var reopened = new Trajectories.Embedded.LiteDbRunStore(file.Path);
        var read = (await reopened.GetRunAsync(run.Id))!;

        Assert.Equal(RunProfile.Production, read.Configuration!.Profile);
    }

    /// <summary>Baseline then two steps; step s picks "Prompt A{s}." (candidate 1 scores higher, AllScored), so dev rises.</summary>
    private static RunRecord RunThroughSteps(string? profile)
    {
        var (run, _) = LifecycleRuns.Create();
        run.Configuration = run.Configuration! with { Profile = profile is null ? RunProfile.Production : ProfilePolicy.For(profile).Profile };
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run, 0.2), LifecycleRuns.Now, Guid.NewGuid());
        for (var step = 1; step <= 2; step++)
        {
            RunLifecycle.RecordCandidates(run, LifecycleRuns.Candidates(run, $"Prompt A{step}.", $"Prompt B{step}."), LifecycleRuns.Now, Guid.NewGuid(), 20_000);
            RunLifecycle.Advance(run, LifecycleRuns.AllScored(run, 0.2 + (0.1 * step)), LifecycleRuns.Now, Guid.NewGuid());
        }

        return run;
    }

    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gpo-profile-{Guid.NewGuid():N}.db");

        public void Dispose()
        {
            File.Delete(Path);
            File.Delete(Path + ".lock");
        }
    }
}
