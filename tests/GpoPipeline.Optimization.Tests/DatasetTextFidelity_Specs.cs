using System.Text;
using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.Optimization.Tests;

/// <summary>What a line holds is what is stored, or the line is refused naming its field: never a crash.</summary>
public sealed class DatasetTextFidelity_Specs
{
    private const string GoodLine = "{\"input\": \"q\", \"target\": \"a\"}";
    private const string NotText = ", which is not text; expected valid Unicode (a \\ud800-\\udbff escape must be followed by a \\udc00-\\udfff one).";

    private static IReadOnlyList<Example> Parse(string secondLine) =>
        JsonlParser.Parse(Encoding.UTF8.GetBytes(GoodLine + "\n" + secondLine + "\n"), "dev.jsonl");

    [Theory]
    [InlineData("{\"input\": \"q \\ud800 x\", \"target\": \"a\"}", "field \"input\" holds an unpaired surrogate (\\ud800)")]
    [InlineData("{\"input\": \"q\", \"target\": \"a \\udc00\"}", "field \"target\" holds an unpaired surrogate (\\udc00)")]
    [InlineData("{\"input\": \"q\", \"target\": [\"a\", \"b \\uDBFF\"]}", "field \"target\" item 2 holds an unpaired surrogate (\\uDBFF)")]
    [InlineData("{\"input\": \"q \\ude00\\ud83d\", \"target\": \"a\"}", "field \"input\" holds an unpaired surrogate (\\ude00)")] // the pair reversed
    [InlineData("{\"input\": \"q \\ud83d\\\\ude00\", \"target\": \"a\"}", "field \"input\" holds an unpaired surrogate (\\ud83d)")] // "\\" is no escape
    [InlineData("{\"\\ud800\": 1, \"input\": \"q\", \"target\": \"a\"}", "a field name holds an unpaired surrogate (\\ud800)")]
    public void When_a_string_holds_an_unpaired_surrogate_escape_Should_refuse_the_line_naming_the_field(string line, string expected)
    {
        // GetString threw InvalidOperationException: an HTTP 500 from the API, "unexpected error … Please report it" from gpo.
        var e = Assert.Throws<DatasetException>(() => Parse(line));

        Assert.Equal($"dev.jsonl, line 2: {expected}{NotText}", e.Message);
        Assert.False(e.NotUtf8); // the bytes are text; the example is what is wrong (the API's 422, not 400)
    }

    [Fact]
    public void When_a_string_holds_a_surrogate_pair_or_an_escaped_backslash_Should_keep_its_text()
    {
        var example = Parse("{\"input\": \"smile \\ud83d\\ude00\", \"target\": \"\\\\ud800\"}")[1];

        Assert.Equal("smile \U0001F600", example.Input);
        Assert.Equal("\\ud800", example.Target);
    }

    [Fact]
    public void When_the_task_file_kind_holds_an_unpaired_surrogate_escape_Should_refuse_it_naming_the_file_and_field()
    {
        var e = Assert.Throws<DatasetException>(() => TaskFile.ParseKind("{\"kind\": \"\\ud800\"}", "task.json"));

        Assert.Equal($"task.json: field \"kind\" holds an unpaired surrogate (\\ud800){NotText}", e.Message);
    }
}
