using GpoPipeline.Contracts;
using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;
using LiteDB;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// A run stored without settings (a StartRun without them, rejected, by versions that stored it as given) reads with
/// settings all the same: every reader of a run reads them, and the API's GET of such a run answered 500.
/// </summary>
public sealed class RunWithoutSettings_Specs : IDisposable
{
    private readonly TemporaryDatabaseFile file = new();

    [Fact]
    public async Task When_a_stored_run_has_no_settings_Should_read_with_the_placeholder_settings()
    {
        var id = Guid.NewGuid();
        var at = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
        var written = new RunRecord { Id = id, Settings = new RunSettings { DataPath = "x" }, Status = RunStatus.Failed, FailureReason = "no settings", CreatedAt = at, UpdatedAt = at };
        using (var raw = new LiteDatabase(file.Path, LiteDbMapping.Create()))
        {
            var document = raw.Mapper.ToDocument(written);
            document["Settings"] = BsonValue.Null; // as an earlier version stored `command.Settings!`
            raw.GetCollection("runs").Insert(document);
        }

        using var store = new LiteDbRunStore(file.Path);
        var run = await store.GetRunAsync(id);

        Assert.NotNull(run);
        Assert.Same(RunRecord.MissingSettings, run.Settings);
        Assert.Equal(string.Empty, run.Settings.DataPath);
        Assert.Null(run.Settings.MaxCost);
    }

    [Fact]
    public void When_a_run_is_given_settings_Should_keep_them()
    {
        var settings = new RunSettings { DataPath = "data/bbh/navigate", MaxCalls = 7 };

        Assert.Same(settings, new RunRecord { Settings = settings }.Settings);
    }

    public void Dispose() => file.Dispose();
}
