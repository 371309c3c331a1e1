using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Api.Triggers;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.ControlPlane.Embedded;

namespace GpoPipeline.Api.Tests;

/// <summary>What a trigger did is recorded on its task; when other writers keep it from that, the log says so.</summary>
public sealed class TriggerOutcomes_Specs : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gpo-trigger-outcomes-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task When_other_writers_change_the_task_under_every_attempt_Should_warn_what_was_not_recorded()
    {
        using var file = new LiteDbControlPlaneDatabase(Path.Combine(folder, "cp.db"));
        Assert.True(await new ControlPlaneStore(file).TryCreateTaskAsync(new TaskRecord { Id = "nav", Settings = new RunSettings { DataPath = "", InitialPrompt = "p" } }));
        var lines = new List<string>();
        using var logs = new ListLoggerProvider(lines);
        var outcome = TriggerOutcome.Skipped("examples (+40 since the last run)", DateTime.UtcNow, "the task already has run 1 in progress");

        await TriggerOutcomes.RecordAsync(new ControlPlaneStore(TasksAlwaysChanged(file)), "nav", outcome, null, logs.CreateLogger("triggers"), CancellationToken.None);

        var warning = Assert.Single(lines); // was silent
        Assert.Contains("examples (+40 since the last run) trigger did on task nav is not recorded", warning, StringComparison.Ordinal);
        Assert.Contains("started none: the task already has run 1 in progress", warning, StringComparison.Ordinal);
        Assert.Null((await new ControlPlaneStore(file).GetTaskAsync("nav"))!.LastTrigger);
    }

    /// <summary>Every compare-and-set of a task loses, as when other writers change it between each read and write.</summary>
    private static InterceptedDocuments<TaskRecord> TasksAlwaysChanged(IControlPlaneDatabase inner) =>
        new(inner) { ReplaceGoesThrough = (_, _, _) => Task.FromResult(false) };
}
