using System.Security.Cryptography;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

/// <summary>Issue 18: `--store` never destroys a file that is not a store, never creates one for a command that only reads.</summary>
public sealed class StoreFile_Specs
{
    [Theory]
    [InlineData("runs")]
    [InlineData("show 2f1e5a38")]
    [InlineData("report 2f1e5a38")]
    [InlineData("cancel 2f1e5a38")]
    [InlineData("resume 2f1e5a38")]
    [InlineData("demo --steps 1 --candidates 1 --max-dev 4 --max-test 4")]
    public async Task When_the_store_is_a_file_that_is_not_a_store_Should_refuse_and_leave_it_byte_for_byte(string commandLine)
    {
        using var folder = new TempStore();
        var file = Path.Combine(folder.Folder, "my_task.jsonl");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 200).Select(i => $$"""{"input": "question {{i}}", "target": "{{i}}"}"""));
        var before = SHA256.HashData(await File.ReadAllBytesAsync(file));

        var result = await GpoRun.ExecuteAsync([.. commandLine.Split(' '), "--store", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("my_task.jsonl is not a run store", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(file)));
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_home_folder_has_no_local_share_yet_Should_keep_the_default_store_under_it_not_in_the_working_folder()
    {
        // A fresh account: ~/.local/share did not exist, the data folder came back empty, and the store landed in ./gpo of
        // whatever folder gpo ran in, where later commands run elsewhere did not look (the CLI audit).
        using var home = new TempStore();
        var environment = new Dictionary<string, string?> { ["HOME"] = home.Folder, ["XDG_DATA_HOME"] = null };

        var result = await GpoProcess.RunAsync(environment, "runs");

        var expected = Path.Combine(home.Folder, ".local", "share", "gpo", "runs.db");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"the default store {expected} does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_serve_is_given_a_file_that_is_not_a_store_Should_name_the_option_in_one_line_and_leave_the_file_untouched()
    {
        // A process, so everything it prints is seen: serve logged "Hosting failed to start" with a stack trace first.
        using var folder = new TempStore();
        var file = Path.Combine(folder.Folder, "my_task.jsonl");
        await File.WriteAllTextAsync(file, """{"input": "question", "target": "1"}""" + "\n");
        var before = SHA256.HashData(await File.ReadAllBytesAsync(file));

        var result = await GpoProcess.RunAsync(null, "serve", "--port", "0", "--store", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--store {file}: {file} is not a run store", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(file)));
    }

    [Theory]
    [InlineData("runs")]
    [InlineData("show 2f1e5a38")]
    [InlineData("report 2f1e5a38")]
    [InlineData("cancel 2f1e5a38")]
    [InlineData("resume 2f1e5a38")]
    public async Task When_a_reading_command_names_a_store_that_does_not_exist_Should_refuse_and_create_nothing(string commandLine)
    {
        using var folder = new TempStore();

        var result = await GpoRun.ExecuteAsync([.. commandLine.Split(' '), "--store", folder.Path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--store {folder.Path}: no such run store", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Folder));
    }

    [Theory]
    [InlineData("runs")]
    [InlineData("demo --steps 1 --candidates 1 --max-dev 4 --max-test 4")]
    public async Task When_the_store_is_a_folder_Should_say_so_in_one_line(string commandLine)
    {
        using var folder = new TempStore();

        var result = await GpoRun.ExecuteAsync([.. commandLine.Split(' '), "--store", folder.Folder]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a folder; name a file", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Folder));
    }

    [Fact]
    public async Task When_the_store_is_in_a_place_nobody_can_write_Should_refuse_before_starting()
    {
        // The file logger writes beside the store: /proc takes no new file, not even as root.
        var result = await GpoRun.ExecuteAsync("demo", "--steps", "1", "--candidates", "1", "--store", "/proc/gpo-spec.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--store /proc/gpo-spec.db: cannot write there", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Using SIMULATED", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runs")]
    [InlineData("demo --steps 1 --candidates 1")]
    public async Task When_no_MongoDB_answers_Should_name_where_in_one_line(string commandLine)
    {
        var result = await GpoRun.ExecuteAsync([.. commandLine.Split(' '), "--store", "mongodb://127.0.0.1:1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No MongoDB answers at 127.0.0.1:1", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task When_the_store_is_reached_through_a_symbolic_link_Should_list_its_runs_and_keep_every_byte()
    {
        // `gpo runs` through a link (a default store linked to a synced folder) cut the store down to 8 KB: LiteDB took
        // the link's own length for the file's and cropped the file to it (the CLI review).
        using var folder = new TempStore();
        var run = Guid.NewGuid();
        await StoreRunAsync(folder, run);
        var before = SHA256.HashData(await File.ReadAllBytesAsync(folder.Path));
        var link = Path.Combine(folder.Folder, "linked.db");
        File.CreateSymbolicLink(link, folder.Path);

        var result = await GpoRun.ExecuteAsync("runs", "--store", link);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains(run.ToString()[..8], result.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(folder.Path)));
    }

    [Theory]
    [InlineData("runs")]
    [InlineData("demo --steps 1 --candidates 1 --max-dev 4 --max-test 4")]
    public async Task When_the_store_file_was_cut_short_Should_call_it_damaged_and_leave_it_byte_for_byte(string commandLine)
    {
        using var folder = new TempStore();
        await StoreRunAsync(folder, Guid.NewGuid());
        var bytes = await File.ReadAllBytesAsync(folder.Path);
        await File.WriteAllBytesAsync(folder.Path, bytes[..(bytes.Length - 1000)]);
        var before = SHA256.HashData(await File.ReadAllBytesAsync(folder.Path));

        var result = await GpoRun.ExecuteAsync([.. commandLine.Split(' '), "--store", folder.Path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--store {folder.Path}: {folder.Path} is damaged", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(folder.Path)));
    }

    private static async Task StoreRunAsync(TempStore folder, Guid id)
    {
        using var store = folder.Open();
        var at = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        Assert.True(await store.TryCreateRunAsync(new RunRecord
        {
            Id = id, Task = "navigate", Status = RunStatus.Completed, TotalSteps = 1, CurrentStep = 2,
            Settings = new Contracts.RunSettings { DataPath = "/no/such/data" }, CreatedAt = at, UpdatedAt = at,
        }));
    }
}
