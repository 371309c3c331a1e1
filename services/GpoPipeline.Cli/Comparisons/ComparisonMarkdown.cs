using System.Globalization;
using System.Text;
using static GpoPipeline.Cli.Comparisons.ComparisonText;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>comparison.md: the report's tables in Markdown, with the test-instrument notice first when it applies.</summary>
public static class ComparisonMarkdown
{
    public static string Write(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"# Comparison {report.Id}\n\n");
        if (report.Notice is { } notice)
        {
            text.Append(CultureInfo.InvariantCulture, $"> **{notice}**\n\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Task model `{report.TaskModel}`, optimizer `{report.OptimizerModel}`; methods {string.Join(", ", report.Methods)} (docs/baselines.md). ");
        text.Append("Scores in percent. Test: the reported (best-dev) prompt on the test split, 95 % percentile-bootstrap interval (1000 resamples). ");
        text.Append("Calls: optimizer + scorer calls of the optimization (memoized answers included); paid calls and cost include the test evaluation and embeddings. ");
        text.Append("Calls to best: calls spent when the best dev score was first reached. ");
        text.Append("Edit: mean word edit distance of the selected prompts; edit (cand.): of every candidate the optimizer generated.\n\n");
        text.Append("| task | method | status | steps | test [95 % CI] | seed test | best dev | calls / budget | calls to best | paid calls | cost | mean edit (words) | edit (cand.) | paper |\n");
        text.Append("| --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var c in report.Cells)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {c.Suite}/{c.Task} | {c.Method} | {c.Status} | {c.Steps} | {Interval(c.Test)} | {Score(c.SeedTest)} | {Score(c.BestDev)} | {c.Calls} / {c.CallBudget} | {Number(c.CallsToBest)} | {c.PaidCalls} | {Cost(c.Cost)} | {Number(c.MeanEditDistance)} | {Number(c.MeanCandidateEdit)} | {Score(c.Paper)} |\n");
        }

        text.Append("\n## Suite averages\n\n| suite | method | tasks | average test | paper (suite average) |\n| --- | --- | ---: | ---: | ---: |\n");
        foreach (var s in report.Suites)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {s.Suite} | {s.Method} | {s.Tasks} | {Score(s.AverageTest)} | {Score(s.Paper)} |\n");
        }

        text.Append("\nThe paper's suite average (data/paper/gpo-reported.json, Table 5) covers the paper's whole task set; it is shown only when the models are the paper's.\n");
        text.Append("\n## GPO's relative gain over the best baseline\n\n(gain_GPO − gain_best) / gain_best, each gain measured from the seed prompt's test score (the paper's \"additional improvement\").\n\n");
        text.Append("| scope | name | gpo | seed | best baseline | its score | relative gain |\n| --- | --- | ---: | ---: | --- | ---: | ---: |\n");
        foreach (var g in report.Gains)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {g.Scope} | {g.Name} | {Score(g.Gpo)} | {Score(g.Seed)} | {g.BestBaseline} | {Score(g.BestBaselineScore)} | {Gain(g.RelativeGain)} |\n");
        }

        text.Append("\n## Calls and cost per method\n\n| method | call budget | calls | paid calls | cost |\n| --- | ---: | ---: | ---: | ---: |\n");
        foreach (var t in report.Totals)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {t.Method} | {t.CallBudget} | {t.Calls} | {t.PaidCalls} | {Cost(t.Cost)} |\n");
        }

        return text.ToString();
    }
}
