using System.Text.RegularExpressions;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tests.Support;

namespace GpoPipeline.Optimization.Tests;

/// <summary>The shipped data/ matches the count tables of data/README.md (copied from the source data's README), and every shipped task validates.</summary>
public partial class ShippedData_Specs
{
    private const string Readme = "data/README.md";

    [Fact]
    public void When_counting_shipped_lines_Should_match_the_readme_tables_for_bbh_mmlu_gsm8k_and_wsc()
    {
        var expected = ReadmeCounts(Readme).ToList();
        var tasks = expected.Select(c => (c.Benchmark, c.Task)).Distinct().Count();
        Assert.Equal(24 + 54 + 1 + 1, tasks);
        Assert.Empty(Mismatches(expected, RepoPaths.Data));
        var shippedTasks = Directory.GetDirectories(RepoPaths.Data).SelectMany(Directory.GetDirectories).Count();
        Assert.Equal(tasks, shippedTasks);
    }

    [Fact]
    public void When_listing_the_shipped_benchmarks_Should_not_find_webnlg()
    {
        Assert.False(Directory.Exists(Path.Combine(RepoPaths.Data, "webnlg")), "WebNLG (CC BY-NC-SA) must not be shipped");
        Assert.DoesNotContain(ReadmeCounts(Readme), c => c.Benchmark == "webnlg");
    }

    [Fact]
    public void When_every_shipped_task_is_loaded_Should_validate_without_errors()
    {
        var errors = Directory.GetDirectories(RepoPaths.Data).SelectMany(bench => Directory.GetDirectories(bench).Select(task =>
                DatasetValidator.Check(DatasetFiles.Load(RepoPaths.Data, Path.GetFileName(bench), Path.GetFileName(task)), Split.All)))
            .SelectMany(r => r.Errors).ToList();
        Assert.Empty(errors);
    }

    [Fact]
    public void When_the_option_text_targets_are_validated_Should_warn_about_exactly_those_items()
    {
        var warnings = new[] { "movie_recommendation", "ruin_names" }
            .SelectMany(t => DatasetValidator.Check(DatasetFiles.Load(RepoPaths.Data, "bbh", t), Split.All).Warnings).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("\"Monsters, Inc\"", StringComparison.Ordinal));
    }

    private static List<string> Mismatches(IEnumerable<(string Benchmark, string Task, string Split, int Count)> expected, string root) =>
        expected.Select(c => (c, path: DatasetFiles.SplitPath(Path.Combine(root, c.Benchmark, c.Task), c.Split)))
            .Select(x => (x.c, actual: File.Exists(x.path) ? File.ReadLines(x.path).Count(l => l.Trim().Length > 0) : -1))
            .Where(x => x.actual != x.c.Count)
            .Select(x => $"{x.c.Benchmark}/{x.c.Task}/{x.c.Split}: README {x.c.Count}, file {x.actual}")
            .ToList();

    // Parses "### <benchmark>" sections and their "| task | train | dev | test | format | few_shot |" rows.
    private static List<(string Benchmark, string Task, string Split, int Count)> ReadmeCounts(string readme)
    {
        var counts = new List<(string, string, string, int)>();
        string? benchmark = null;
        foreach (var line in File.ReadLines(RepoPaths.Resolve(readme)))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                benchmark = line[4..].Trim();
            }
            else if (benchmark is not null && Row().Match(line) is { Success: true } m)
            {
                counts.AddRange(Split.All.Select((s, i) => (benchmark, m.Groups[1].Value, s, int.Parse(m.Groups[i + 2].Value))));
            }
        }

        return counts;
    }

    [GeneratedRegex(@"^\| ([a-z0-9_]+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$")]
    private static partial Regex Row();
}
