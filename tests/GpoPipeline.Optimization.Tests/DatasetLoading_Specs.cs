using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Optimization.Tests.Support;

namespace GpoPipeline.Optimization.Tests;

public sealed class DatasetLoading_Specs : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private DatasetException LoadFails(string content)
    {
        var file = _temp.Write("split.jsonl", content);
        return Assert.Throws<DatasetException>(() => DatasetFiles.LoadFile(file));
    }

    [Theory]
    [InlineData("train.jsonl")]
    [InlineData("task.json")] // was passed over: the task's kind then came from its targets
    public void When_a_folder_stands_where_a_task_file_belongs_Should_name_it_instead_of_reading_the_file_as_missing(string file)
    {
        var task = System.IO.Path.Combine(_temp.Path, "t1");
        Directory.CreateDirectory(System.IO.Path.Combine(task, file));
        File.WriteAllText(System.IO.Path.Combine(task, "dev.jsonl"), "{\"input\": \"q\", \"target\": \"a\"}\n");

        var e = Assert.Throws<DatasetException>(() => DatasetFiles.LoadFolder(task));

        Assert.Equal($"{System.IO.Path.Combine(task, file)}: this is a folder; a file is expected here.", e.Message);
    }

    [Fact]
    public void When_a_split_file_is_a_folder_Should_say_so_instead_of_that_it_does_not_exist()
    {
        var folder = System.IO.Path.Combine(_temp.Path, "split.jsonl");
        Directory.CreateDirectory(folder);

        Assert.EndsWith("split.jsonl: this is a folder; a JSONL file of examples is expected here.",
            Assert.Throws<DatasetException>(() => DatasetFiles.LoadFile(folder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_line_is_not_json_Should_name_the_file_and_line()
    {
        var e = LoadFails("{\"input\": \"q\", \"target\": \"a\"}\n{\"input\": \"q2\", \"target\": \n");
        Assert.StartsWith($"{Path.Combine(_temp.Path, "split.jsonl")}, line 2: invalid JSON", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void When_a_field_is_missing_Should_name_the_field() =>
        Assert.EndsWith("split.jsonl, line 1: missing field \"target\".", LoadFails("{\"input\": \"q\"}\n").Message, StringComparison.Ordinal);

    [Fact]
    public void When_the_target_has_the_wrong_type_Should_say_what_was_expected() =>
        Assert.EndsWith("line 1: field \"target\" must be a string, a number or a non-empty list of strings, found a boolean.",
            LoadFails("{\"input\": \"q\", \"target\": true}").Message, StringComparison.Ordinal);

    [Fact]
    public void When_the_input_is_not_a_string_Should_say_so() =>
        Assert.EndsWith("line 1: field \"input\" must be a string, found a number.",
            LoadFails("{\"input\": 3, \"target\": \"a\"}").Message, StringComparison.Ordinal);

    [Fact]
    public void When_a_line_is_not_an_object_Should_say_so() =>
        Assert.EndsWith("line 1: expected a JSON object, found a list (or a list with non-string items).", LoadFails("[1, 2]").Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("{\"input\": \"\", \"target\": \"a\"}", "field \"input\" is empty; expected the question text.")]
    [InlineData("{\"input\": \" \\t\\n \", \"target\": \"a\"}", "field \"input\" is empty; expected the question text.")]
    [InlineData("{\"input\": \"q\", \"target\": \"\"}", "field \"target\" is empty; expected the gold answer.")]
    [InlineData("{\"input\": \"q\", \"target\": \"   \"}", "field \"target\" is empty; expected the gold answer.")]
    [InlineData("{\"input\": \"q\", \"target\": [\"a\", \" \"]}", "field \"target\" has an empty item (item 2); expected every gold answer to have text.")]
    public void When_an_input_or_target_is_empty_or_blank_Should_refuse_it_naming_the_line_and_field(string line, string expected) =>
        Assert.Equal($"{Path.Combine(_temp.Path, "split.jsonl")}, line 2: {expected}",
            LoadFails("{\"input\": \"q\", \"target\": \"a\"}\n" + line + "\n").Message);

    [Theory]
    [InlineData("{\"input\":\"a\",\"input\":\"b\",\"target\":\"c\"}", "input")]
    [InlineData("{\"input\":\"a\",\"target\":\"b\",\"target\":\"c\"}", "target")]
    [InlineData("{\"input\":\"a\",\"target\":\"b\",\"note\":1,\"note\":2}", "note")]
    public void When_a_line_has_a_field_twice_Should_refuse_it_naming_the_field(string line, string field) =>
        // JsonDocument kept both and the lookup took one of them silently.
        Assert.EndsWith($"split.jsonl, line 1: field \"{field}\" appears more than once; expected each field once.", LoadFails(line).Message, StringComparison.Ordinal);

    [Fact]
    public void When_a_line_is_not_valid_utf8_Should_refuse_it_naming_the_line_and_byte()
    {
        // The StreamReader replaced the bad byte with U+FFFD and the example was used with it.
        var file = Path.Combine(_temp.Path, "latin1.jsonl");
        byte[] first = [.. "{\"input\": \"q\", \"target\": \"a\"}\n"u8];
        byte[] second = [.. "{\"input\": \"caf"u8, 0xE9, .. "\", \"target\": \"b\"}\n"u8];
        File.WriteAllBytes(file, [.. first, .. second]);

        var e = Assert.Throws<DatasetException>(() => DatasetFiles.LoadFile(file));

        Assert.Equal($"{file}, line 2: not valid UTF-8 text (byte 15 of the line, byte {first.Length + 15} of the file); expected the file saved as UTF-8.", e.Message);
        Assert.True(e.NotUtf8);
    }

    [Fact]
    public void When_a_file_starts_with_a_byte_order_mark_and_has_windows_line_ends_Should_load_it()
    {
        var file = Path.Combine(_temp.Path, "bom.jsonl");
        File.WriteAllBytes(file, [0xEF, 0xBB, 0xBF, .. "{\"input\": \"caf\u00e9\", \"target\": \"a\"}\r\n\r\n{\"input\": \"q\", \"target\": \"b\"}\r\n"u8]);

        var examples = DatasetFiles.LoadFile(file);

        Assert.Equal(["caf\u00e9", "q"], examples.Select(e => e.Input));
        Assert.Equal([1, 3], examples.Select(e => e.Line));
    }

    [Fact]
    public void When_the_file_is_empty_Should_say_it_has_no_examples() =>
        Assert.EndsWith("split.jsonl: the file has no examples; expected one JSON object per line with \"input\" and \"target\".",
            LoadFails("\n  \n").Message, StringComparison.Ordinal);

    [Fact]
    public void When_the_file_is_missing_Should_say_so()
    {
        var e = Assert.Throws<DatasetException>(() => DatasetFiles.LoadFile(Path.Combine(_temp.Path, "nope.jsonl")));
        Assert.EndsWith("nope.jsonl: the file does not exist.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_targets_are_strings_numbers_or_lists_Should_keep_them_as_references()
    {
        var examples = JsonlParser.Parse("{\"input\": \"a\", \"target\": \"(B)\"}\n\n{\"input\": \"b\", \"target\": 18}\n{\"input\": \"c\", \"target\": 2.5}\n{\"input\": \"d\", \"target\": [\"x\", \"y\"]}", "mem");
        Assert.Equal(["(B)", "18", "2.5", "x"], examples.Select(e => e.Target));
        Assert.Equal([1, 3, 4, 5], examples.Select(e => e.Line));
        Assert.Equal(["x", "y"], examples[3].References);
    }

    [Theory]
    [InlineData("input", "{{\"input\": \"{0}\", \"target\": \"a\"}}")]
    [InlineData("target", "{{\"input\": \"q\", \"target\": [\"a\", \"{0}\"]}}")]
    public void When_an_example_is_longer_than_the_scorers_take_Should_refuse_the_file_naming_the_line_and_the_limit(string field, string format)
    {
        // A run holding it sent batches every scorer refused, and waited for them forever (the CLI and API audits).
        var longLine = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, new string('x', ExampleLimits.DefaultMaxChars + 1));
        var fitting = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, new string('x', ExampleLimits.DefaultMaxChars));

        var e = Assert.Throws<DatasetException>(() => JsonlParser.Parse($"{fitting}\n{longLine}\n", "dev.jsonl"));

        Assert.Equal($"dev.jsonl, line 2: field \"{field}\" has 50,001 characters; the scorers take at most 50,000 (Limits:MaxExampleChars).", e.Message);
    }

    [Fact]
    public void When_a_target_lists_more_gold_answers_than_an_example_takes_Should_refuse_the_file_naming_the_line_and_the_most()
    {
        // The CLI reads files with the parser the API uploads with: a list of millions of items took the API's store down (500).
        var items = string.Join(",", Enumerable.Repeat("\"a\"", ExampleLimits.MaxReferences + 1));
        var file = _temp.Write("mine.jsonl", $"{{\"input\": \"q\", \"target\": [\"a\"]}}\n{{\"input\": \"r\", \"target\": [{items}]}}\n");

        var e = Assert.Throws<DatasetException>(() => new DatasetCatalog().Get(file));

        Assert.Equal($"{file}, line 2: field \"target\" is a list of 1,001 items; an example takes at most 1,000 gold answers.", e.Message);
    }

    [Fact]
    public void When_a_user_folder_has_a_task_file_Should_use_the_declared_kind()
    {
        _temp.Write("train.jsonl", "{\"input\": \"Sort: b a\", \"target\": \"a b\"}");
        _temp.Write("task.json", "{ \"kind\": \"word_sorting\" }");
        Assert.Equal(TaskKind.WordSorting, DatasetFiles.LoadFolder(_temp.Path).Task.Kind);
    }

    [Fact]
    public void When_the_task_file_names_an_unknown_kind_Should_list_the_valid_ones()
    {
        _temp.Write("train.jsonl", "{\"input\": \"q\", \"target\": \"a\"}");
        _temp.Write("task.json", "{ \"kind\": \"ranking\" }");
        var e = Assert.Throws<DatasetException>(() => DatasetFiles.LoadFolder(_temp.Path));
        Assert.Contains("task.json: expected { \"kind\": \"...\" } with one of: multiple_choice, boolean", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"(A)\"", "\"(C)\"", TaskKind.MultipleChoice)]
    [InlineData("\"yes\"", "\"No\"", TaskKind.Boolean)]
    [InlineData("\"12\"", "7", TaskKind.Numeric)]
    [InlineData("\"] )\"", "\">\"", TaskKind.DyckLanguages)]
    [InlineData("\"A summary.\"", "\"Another.\"", TaskKind.Generation)]
    public void When_a_user_folder_has_no_task_file_Should_infer_the_kind_from_targets(string first, string second, TaskKind kind)
    {
        _temp.Write("train.jsonl", $"{{\"input\": \"q\", \"target\": {first}}}\n{{\"input\": \"q\", \"target\": {second}}}");
        Assert.Equal(kind, DatasetFiles.LoadFolder(_temp.Path).Task.Kind);
    }

    [Fact]
    public void When_a_required_split_is_missing_Should_fail_validation_naming_it()
    {
        _temp.Write("train.jsonl", "{\"input\": \"q\", \"target\": \"7\"}");
        var dataset = DatasetFiles.LoadFolder(_temp.Path, "user", "counting");
        var e = Assert.Throws<DatasetException>(() => DatasetValidator.ThrowIfInvalid(dataset));
        Assert.Contains("user/counting: split 'dev' is missing or empty (expected dev.jsonl with at least one example).", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_targets_do_not_fit_the_declared_kind_Should_fail_validation_with_the_line()
    {
        var task = new TaskDefinition("user", "counting", TaskKind.Numeric);
        var dataset = new TaskDataset(task, new Dictionary<string, IReadOnlyList<Example>>
        {
            ["dev"] = JsonlParser.Parse("{\"input\": \"q\", \"target\": \"7\"}\n{\"input\": \"q\", \"target\": \"seven\"}", "dev.jsonl"),
        });
        var report = DatasetValidator.Check(dataset, ["dev"]);
        Assert.Equal(["dev.jsonl, line 2: target \"seven\" is not a number."], report.Errors);
    }

    [Fact]
    public void When_a_single_file_has_a_bad_example_Should_name_the_file_the_user_gave_and_its_line()
    {
        // The file is split into train, dev and test in memory: the error named "user/mine test.jsonl", a file that does not exist.
        var lines = Enumerable.Range(1, 8).Select(i => $"{{\"input\": \"Summarize {i}\", \"target\": \"Summary {i}.\"}}").ToList();
        lines[2] = "{\"input\": \"Summarize 3\", \"target\": \" \"}";
        var file = _temp.Write("mine.jsonl", string.Join('\n', lines));

        var e = Assert.Throws<DatasetException>(() => DatasetValidator.ThrowIfInvalid(new DatasetCatalog().Get(file)));

        Assert.StartsWith($"{file}, line 3: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("target", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("user/mine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_single_file_has_too_few_examples_Should_name_the_file()
    {
        var file = _temp.Write("small.jsonl", "{\"input\": \"q\", \"target\": \"1\"}\n{\"input\": \"r\", \"target\": \"2\"}");

        var e = Assert.Throws<DatasetException>(() => new DatasetCatalog().Get(file));

        Assert.Equal($"{file}: the file has 2 examples; a single file needs at least 6 to split into train, dev and test.", e.Message);
    }

    [Fact]
    public void When_a_few_multiple_choice_targets_are_option_text_Should_warn_not_fail()
    {
        var task = new TaskDefinition("bbh", "movie_recommendation", TaskKind.MultipleChoice);
        var dataset = new TaskDataset(task, new Dictionary<string, IReadOnlyList<Example>>
        {
            ["test"] = JsonlParser.Parse("{\"input\": \"q\", \"target\": \"(A)\"}\n{\"input\": \"q\", \"target\": \"(B)\"}\n{\"input\": \"q\", \"target\": \"Monsters, Inc\"}", "test.jsonl"),
        });
        var report = DatasetValidator.Check(dataset, ["test"]);
        Assert.True(report.IsValid);
        Assert.Contains("line 3: target \"Monsters, Inc\" is not an option letter like (A) — this example can never be scored correct.", report.Warnings.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void When_asking_for_a_split_that_is_not_there_Should_list_the_splits_found()
    {
        var dataset = new TaskDataset(new TaskDefinition("user", "t", TaskKind.Numeric),
            new Dictionary<string, IReadOnlyList<Example>> { ["train"] = [Example.Of("q", "1")] });
        var e = Assert.Throws<DatasetException>(() => dataset[Split.Dev]);
        Assert.Equal("Task 'user/t' has no 'dev' split (expected dev.jsonl); found: train.", e.Message);
    }
}
