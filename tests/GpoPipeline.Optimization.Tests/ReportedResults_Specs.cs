using GpoPipeline.Optimization.Paper;
using GpoPipeline.Optimization.Tests.Support;

namespace GpoPipeline.Optimization.Tests;

public class ReportedResults_Specs
{
    private static ReportedResults Shipped =>
        ReportedResults.Parse(File.ReadAllText(Path.Combine(RepoPaths.Data, "paper", "gpo-reported.json")));

    [Fact]
    public void When_reading_the_shipped_file_Should_hold_every_cell_of_tables_2_3_5_6_and_7()
    {
        var counts = Shipped.Rows.GroupBy(r => r.Table).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["5"] = 72, ["2"] = 30, ["3"] = 42, ["6"] = 48, ["7"] = 80 }, counts);
    }

    [Theory]
    [InlineData("gpo", "bbh", "average", 35.43)]
    [InlineData("pe2-gpo-code", "mmlu", "average", 38.07)]
    [InlineData("apo-gpo-code", "mmlu", "Social Science", 44.94)]
    [InlineData("cot", "webnlg", "webnlg", 31.11)]
    public void When_looking_up_table_5_Should_find_the_papers_number(string method, string suite, string task, double score) =>
        Assert.Equal(score, Shipped.Find(method, suite, task, "gpt-3.5-turbo", "llama-2-7b-chat")!.Score);

    [Fact]
    public void When_looking_up_an_ablation_Should_find_it_under_its_models()
    {
        var cosineGeneration = Shipped.Find("gpo", "bbh-lite", "average", "gpt-4", "gpt-3.5-turbo")!;
        Assert.Equal(("3", "Cosine decay", 67.80), (cosineGeneration.Table, cosineGeneration.Row, cosineGeneration.Score));
        Assert.Null(Shipped.Find("opro-gpo-code", "bbh-lite", "average", "gpt-4", "llama-3-8b"));
    }

    [Theory]
    [InlineData("{\"rows\": [{\"table\": \"5\"}]}", "row 1: field \"column\" must be a non-empty string")]
    [InlineData("{\"rows\": [{\"table\": \"5\", \"column\": \"BBH\", \"row\": \"GPO\", \"suite\": \"bbh\", \"task\": \"average\", \"optimizer\": \"o\", \"scorer\": \"s\", \"setting\": \"I\", \"score\": \"35\"}]}", "row 1: field \"score\" must be a number")]
    [InlineData("{\"rows\": [{\"table\": \"5\", \"column\": \"B\\ud800H\"}]}", "row 1: field \"column\" holds an unpaired surrogate (\\ud800), which is not text")] // threw InvalidOperationException
    [InlineData("{\"table\": []}", "expected an object with a \"rows\" array")]
    [InlineData("{\"rows\": [", "not valid JSON")]
    public void When_the_file_is_malformed_Should_name_the_row_and_field(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => ReportedResults.Parse(json, "gpo-reported.json"));
        Assert.StartsWith("gpo-reported.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
