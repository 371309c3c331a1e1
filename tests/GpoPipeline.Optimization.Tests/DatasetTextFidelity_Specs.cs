using System.Text;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Tests;

/// <summary>What a line holds is what is stored, or the line is refused naming its field: never a crash, never a changed answer.</summary>
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

    [Theory]
    [InlineData("1e400")] // was "Infinity"
    [InlineData("-1e400")] // was "-Infinity"
    [InlineData("1e-400")] // was "0"
    [InlineData("12345678901234567890")] // was "1.2345678901234567E+19"
    [InlineData("9223372036854775808")] // one past long: was "9.223372036854776E+18"
    [InlineData("0.30000000000000001")] // was "0.3"
    public void When_a_number_target_does_not_fit_a_double_Should_keep_it_exactly_as_written(string number) =>
        Assert.Equal([number], Parse($"{{\"input\": \"q\", \"target\": {number}}}")[1].References);

    [Theory]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("2.5", "2.5")]
    [InlineData("3.50", "3.5")]
    [InlineData("42.0", "42")]
    [InlineData("1e2", "100")]
    [InlineData("-0", "0")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("1000000000000000000000", "1000000000000000000000")] // past long: was "1E+21"
    [InlineData("1e21", "1000000000000000000000")] // was "1E+21"
    [InlineData("1e15", "1000000000000000")] // was "1E+15"
    [InlineData("-1.5e16", "-15000000000000000")]
    public void When_a_number_target_is_an_ordinary_number_Should_keep_the_text_it_always_had(string number, string reference) =>
        Assert.Equal([reference], Parse($"{{\"input\": \"q\", \"target\": {number}}}")[1].References);

    [Theory]
    [InlineData("1000000000000000000000", "The answer is 1000000000000000000000.")]
    [InlineData("1e21", "The answer is 1,000,000,000,000,000,000,000.")]
    public void When_a_numeric_target_is_too_large_for_a_long_Should_score_the_reply_with_its_digits_correct(string number, string reply)
    {
        // Python's str(10**21) prints digits and the official parser prints the reply's number with "{:.0f}"
        // (metrics.py L190-194): the same digits. Ours printed the gold "1E+21" and scored a correct reply 0.
        var task = new TaskDefinition("user", "counting", TaskKind.Numeric);
        var example = Parse($"{{\"input\": \"How many?\", \"target\": {number}}}")[1];

        Assert.Equal(1, TaskScorer.Score(task, reply, example));
    }

    [Fact]
    public void When_a_numeric_task_has_a_target_written_42_point_0_Should_score_the_reply_42_correct()
    {
        // Why ordinary numbers keep their printed text: kept as written, "42.0" never equals the "42" read from a reply.
        var task = new TaskDefinition("user", "counting", TaskKind.Numeric);
        var example = Parse("{\"input\": \"How many?\", \"target\": 42.0}")[1];

        Assert.Equal(1, TaskScorer.Score(task, "There are 42 of them. The answer is 42.", example));
    }
}
